// The syntax tree of the SQL dialect (T-SQL over Dataverse logical names). Every node carries the
// exact offsets of its source text, so diagnostics, hover and completion point at what was typed.
// Plain data: the parser builds it, the translators and the DML runner read it.

/** Offsets into the text given to parseSql: `start` inclusive, `end` exclusive. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface Ident {
  readonly name: string;
  /** True for [bracketed] or "quoted" names. */
  readonly quoted: boolean;
  readonly span: Span;
}

export type CompareOp = '=' | '<>' | '<' | '>' | '<=' | '>=';
export type ArithmeticOp = '+' | '-' | '*' | '/' | '%';

/** Scalar and boolean expressions share one union: SQL does not tell them apart syntactically. */
export type SqlExpr =
  | ColumnExpr
  | StarExpr
  | StringExpr
  | NumberExpr
  | NullExpr
  | ParamExpr
  | CallExpr
  | CastExpr
  | UnaryExpr
  | ArithmeticExpr
  | SubqueryExpr
  | CompareExpr
  | LogicalExpr
  | NotExpr
  | LikeExpr
  | InExpr
  | BetweenExpr
  | IsNullExpr
  | ExistsExpr
  | UnsupportedExpr
  | ErrorExpr;

/** `name`, `alias.name`. */
export interface ColumnExpr {
  readonly type: 'column';
  readonly span: Span;
  readonly table?: Ident;
  readonly column: Ident;
}
/** `*` or `alias.*` (in a select list), or the `*` of COUNT(*). */
export interface StarExpr {
  readonly type: 'star';
  readonly span: Span;
  readonly table?: Ident;
}
export interface StringExpr {
  readonly type: 'string';
  readonly span: Span;
  /** The value with '' unescaped. */
  readonly value: string;
  /** N'…' */
  readonly national: boolean;
}
export interface NumberExpr {
  readonly type: 'number';
  readonly span: Span;
  /** As written (no float rounding): `12.50`, `1e3`. */
  readonly text: string;
}
export interface NullExpr {
  readonly type: 'null';
  readonly span: Span;
}
/** `@name`: its value comes from the block's variables when the query is translated. */
export interface ParamExpr {
  readonly type: 'param';
  readonly span: Span;
  /** Without the `@`. */
  readonly name: string;
}
/** `COUNT(*)`, `COUNT(DISTINCT x)`, `YEAR(x)`, `lastxdays(3)`, `CURRENT_USER` (no parentheses: args empty, bare true). */
export interface CallExpr {
  readonly type: 'call';
  readonly span: Span;
  readonly name: Ident;
  readonly args: readonly SqlExpr[];
  readonly distinct: boolean;
  readonly bare?: boolean;
}
/** `CAST(x AS date)` / `CONVERT(date, x)`. */
export interface CastExpr {
  readonly type: 'cast';
  readonly span: Span;
  readonly operand: SqlExpr;
  readonly to: Ident;
}
export interface UnaryExpr {
  readonly type: 'unary';
  readonly span: Span;
  readonly op: '-' | '+';
  readonly operand: SqlExpr;
}
export interface ArithmeticExpr {
  readonly type: 'arithmetic';
  readonly span: Span;
  readonly op: ArithmeticOp;
  readonly left: SqlExpr;
  readonly right: SqlExpr;
}
export interface SubqueryExpr {
  readonly type: 'subquery';
  readonly span: Span;
  readonly query: SelectStatement;
}
export interface CompareExpr {
  readonly type: 'compare';
  readonly span: Span;
  readonly op: CompareOp;
  readonly left: SqlExpr;
  readonly right: SqlExpr;
}
export interface LogicalExpr {
  readonly type: 'and' | 'or';
  readonly span: Span;
  /** Flattened: `a AND b AND c` has three operands. */
  readonly operands: readonly SqlExpr[];
}
export interface NotExpr {
  readonly type: 'not';
  readonly span: Span;
  readonly operand: SqlExpr;
}
export interface LikeExpr {
  readonly type: 'like';
  readonly span: Span;
  readonly negated: boolean;
  readonly left: SqlExpr;
  readonly pattern: SqlExpr;
  readonly escape?: SqlExpr;
}
export interface InExpr {
  readonly type: 'in';
  readonly span: Span;
  readonly negated: boolean;
  readonly left: SqlExpr;
  /** A value list, or one subquery element. */
  readonly values: readonly SqlExpr[];
}
export interface BetweenExpr {
  readonly type: 'between';
  readonly span: Span;
  readonly negated: boolean;
  readonly left: SqlExpr;
  readonly low: SqlExpr;
  readonly high: SqlExpr;
}
export interface IsNullExpr {
  readonly type: 'isNull';
  readonly span: Span;
  readonly negated: boolean;
  readonly operand: SqlExpr;
}
export interface ExistsExpr {
  readonly type: 'exists';
  readonly span: Span;
  readonly query: SelectStatement;
}
/** Parsed only far enough to be skipped and named in a diagnostic (CASE … END). */
export interface UnsupportedExpr {
  readonly type: 'unsupported';
  readonly span: Span;
  readonly construct: string;
}
/** Where an expression was expected and none could be read; an error covers it. */
export interface ErrorExpr {
  readonly type: 'error';
  readonly span: Span;
}

export interface SelectItem {
  readonly span: Span;
  readonly expr: SqlExpr;
  readonly alias?: Ident;
}

export interface TableRef {
  readonly span: Span;
  readonly table: Ident;
  readonly alias?: Ident;
}

export type JoinKind = 'inner' | 'left' | 'right' | 'full' | 'cross';

export interface Join {
  readonly span: Span;
  readonly kind: JoinKind;
  /** The span of the join keywords (`LEFT OUTER JOIN`), for diagnostics on the kind. */
  readonly kindSpan: Span;
  readonly table: TableRef;
  readonly on?: SqlExpr;
}

export interface OrderItem {
  readonly span: Span;
  readonly expr: SqlExpr;
  readonly descending: boolean;
}

export interface SqlComment {
  readonly span: Span;
  /** The text after `--`, trimmed. */
  readonly text: string;
}

/** A construct the parser read but the dialect refuses (HAVING, UNION…), kept for the translator's diagnostic. */
export interface Refused {
  readonly construct: string;
  readonly span: Span;
}

export interface SelectStatement {
  readonly type: 'select';
  readonly span: Span;
  readonly distinct: boolean;
  readonly top?: { readonly span: Span; readonly count: SqlExpr; readonly percent: boolean };
  readonly columns: readonly SelectItem[];
  readonly from?: TableRef;
  readonly joins: readonly Join[];
  readonly where?: SqlExpr;
  readonly groupBy: readonly SqlExpr[];
  readonly having?: SqlExpr;
  readonly orderBy: readonly OrderItem[];
  readonly offset?: { readonly span: Span; readonly count: SqlExpr };
  readonly fetch?: { readonly span: Span; readonly count: SqlExpr };
  /** UNION, INTERSECT, EXCEPT, INTO, FOR XML… */
  readonly refused: readonly Refused[];
}

export interface InsertStatement {
  readonly type: 'insert';
  readonly span: Span;
  readonly table: TableRef;
  readonly columns: readonly Ident[];
  /** `VALUES (…), (…)`: one array per row. */
  readonly rows?: readonly (readonly SqlExpr[])[];
  /** `INSERT … SELECT`. */
  readonly select?: SelectStatement;
}

export interface Assignment {
  readonly span: Span;
  readonly column: ColumnExpr;
  readonly value: SqlExpr;
}

export interface UpdateStatement {
  readonly type: 'update';
  readonly span: Span;
  /** The table (or alias) after UPDATE. */
  readonly target: TableRef;
  readonly set: readonly Assignment[];
  readonly from?: TableRef;
  readonly joins: readonly Join[];
  readonly where?: SqlExpr;
  readonly top?: { readonly span: Span; readonly count: SqlExpr; readonly percent: boolean };
}

export interface DeleteStatement {
  readonly type: 'delete';
  readonly span: Span;
  /** The table (or alias) after DELETE [FROM]. */
  readonly target: TableRef;
  readonly from?: TableRef;
  readonly joins: readonly Join[];
  readonly where?: SqlExpr;
  readonly top?: { readonly span: Span; readonly count: SqlExpr; readonly percent: boolean };
}

export type SqlStatement = SelectStatement | InsertStatement | UpdateStatement | DeleteStatement;

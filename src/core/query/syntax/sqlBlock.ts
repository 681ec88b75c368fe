// Which scratchpad blocks are SQL, and what their statement does, decided from the text alone so the
// parser, the grammar's rules (FORMAT.md) and the read/write classification agree. A block is SQL
// when its request starts with SELECT, INSERT, UPDATE, DELETE FROM (not the HTTP `DELETE url`), a
// `--` comment or a `/* */` one.

export type SqlVerb = 'select' | 'insert' | 'update' | 'delete';

/** The first line of a SQL request. `---` (three dashes) is a $batch marker, not a comment. */
const SQL_START = /^\s*(?:(?:select|insert|update)(?=\s|$|\*|\()|delete\s+from(?=\s|$)|--(?!-)|\/\*)/i;

export function isSqlStart(line: string): boolean {
  return SQL_START.test(line);
}

/** Words that start a statement other than SELECT: any of them outside strings and comments makes the block a write. */
const WRITE_WORDS: ReadonlySet<string> = new Set([
  'insert',
  'update',
  'delete',
  'merge',
  'truncate',
  'drop',
  'alter',
  'create',
  'exec',
  'execute',
  'into',
]);

/**
 * The words of SQL text outside comments (`--…`, `/*…*\/`), strings ('…', N'…'), quoted names
 * ([…], "…") and `@variables`, in order, lower-cased. Unterminated pieces run to the end.
 */
export function sqlWords(text: string): string[] {
  const words: string[] = [];
  scanSql(text, (word) => {
    if (word[0] !== '@' && word[0] !== '#') words.push(word.toLowerCase());
  });
  return words;
}

/** Calls `onWord` with each word (names, keywords, `@params`, `#temp`) outside comments, strings and quoted names. */
function scanSql(text: string, onWord: (word: string, at: number) => void): void {
  let i = 0;
  const skipTo = (close: string, from: number): number => {
    const at = text.indexOf(close, from);
    return at === -1 ? text.length : at + close.length;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === '-' && text[i + 1] === '-') i = skipTo('\n', i + 2);
    else if (c === '/' && text[i + 1] === '*') i = skipTo('*/', i + 2);
    else if (c === "'") i = skipQuoted(text, i, "'");
    else if (c === '"') i = skipQuoted(text, i, '"');
    else if (c === '[') i = skipQuoted(text, i, ']');
    else if (/[A-Za-z_@#]/.test(c)) {
      const m = /^[@#]*[\w$#@]*/.exec(text.slice(i, i + 200))!;
      onWord(m[0], i);
      i += Math.max(1, m[0].length);
    } else i++;
  }
}

/** Past a quoted piece starting at `from` (a doubled closing character is an escaped one). */
function skipQuoted(text: string, from: number, close: string): number {
  let i = from + 1;
  while (i < text.length) {
    if (text[i] === close) {
      if (text[i + 1] === close) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return text.length;
}

export interface SqlParamUse {
  /** Without the `@`. */
  readonly name: string;
  /** Offsets of `@name` in the text. */
  readonly start: number;
  readonly end: number;
}

/** The `@name` parameters of SQL text, outside comments, strings and quoted names (not `@@ROWCOUNT`). */
export function sqlParams(text: string): SqlParamUse[] {
  const out: SqlParamUse[] = [];
  scanSql(text, (word, at) => {
    const m = /^@([A-Za-z_]\w*)$/.exec(word);
    if (m) out.push({ name: m[1]!, start: at, end: at + word.length });
  });
  return out;
}

/** The statement's verb: its first word after comments, when it is one of the four. */
export function sqlVerb(text: string): SqlVerb | undefined {
  const first = sqlWords(text)[0];
  return first === 'select' || first === 'insert' || first === 'update' || first === 'delete' ? first : undefined;
}

/**
 * Whether running the text may change data: anything but a plain SELECT (a SELECT … INTO, a second
 * statement that writes, text with no statement at all) counts as a write, so the guards ask or
 * refuse rather than let a write through as a read.
 */
export function sqlWrites(text: string): boolean {
  const words = sqlWords(text);
  return words[0] !== 'select' || words.some((w) => WRITE_WORDS.has(w));
}

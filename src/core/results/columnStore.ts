// Compact storage for one property of a result table's rows (a column, or an annotation such as
// `name@…FormattedValue`): values in typed arrays by row instead of one JS object per cell, so 100k
// rows cost bytes per value, not a kilobyte per row. Text is kept as UTF-8 bytes, GUIDs as 16
// bytes, numbers as doubles, short repeated text (choices' labels, lookup tables) once per column.
// Anything else (objects, arrays, text that is not well-formed UTF-16) is kept as its JSON text.

/** Rows per block: a block's byte pool is trimmed to size when it is full, so slack stays small. */
const BLOCK = 2048;
const SHIFT = 11;
/** Distinct short texts a column keeps once; past that, new texts go to the byte pool. */
const MAX_INTERNED = 1024;
/** After this many distinct texts, a column whose texts rarely repeat stops interning. */
const INTERN_TRIAL = 256;
const MAX_INTERNED_LENGTH = 64;

const enum Tag {
  Absent = 0,
  Null,
  False,
  True,
  Number,
  Ascii,
  Utf8,
  Guid,
  Interned,
  Json,
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

interface Block {
  readonly tags: Uint8Array;
  nums?: Float64Array;
  refs?: Uint16Array;
  /**
   * Where each row's bytes end in `bytes` (rows without bytes repeat the previous end): 2 bytes a
   * row while the block's pool is under 64 KB, 4 after.
   */
  ends?: Uint16Array | Uint32Array;
  bytes?: Buffer;
  used: number;
  /** The last row of the block whose `ends` entry is set. */
  filled: number;
}

export class ColumnStore {
  private readonly blocks: (Block | undefined)[] = [];
  private readonly interned: string[] = [];
  private readonly internIndex = new Map<string, number>();
  private trimmedBefore = 0;
  private internHits = 0;
  private interning = true;

  /** Stores `value` at `row` (rows are written in increasing order; a row is written at most once). */
  set(row: number, value: unknown): void {
    const block = (this.blocks[row >> SHIFT] ??= { tags: new Uint8Array(BLOCK), used: 0, filled: -1 });
    const at = row & (BLOCK - 1);
    if (value === null) block.tags[at] = Tag.Null;
    else if (value === true) block.tags[at] = Tag.True;
    else if (value === false) block.tags[at] = Tag.False;
    else if (typeof value === 'number') {
      (block.nums ??= new Float64Array(BLOCK))[at] = value;
      block.tags[at] = Tag.Number;
    } else if (typeof value === 'string') this.setText(block, at, value);
    else if (value !== undefined) this.setJson(block, at, JSON.stringify(value));
  }

  /** The value at `row`; undefined when the row did not have this property. */
  get(row: number): unknown {
    const block = this.blocks[row >> SHIFT];
    if (!block) return undefined;
    const at = row & (BLOCK - 1);
    switch (block.tags[at] as Tag) {
      case Tag.Absent:
        return undefined;
      case Tag.Null:
        return null;
      case Tag.False:
        return false;
      case Tag.True:
        return true;
      case Tag.Number:
        return block.nums![at];
      case Tag.Interned:
        return this.interned[block.refs![at]!];
      case Tag.Ascii:
        return block.bytes!.toString('latin1', start(block, at), block.ends![at]!);
      case Tag.Utf8:
        return block.bytes!.toString('utf8', start(block, at), block.ends![at]!);
      case Tag.Guid:
        return guidText(block.bytes!, start(block, at));
      case Tag.Json:
        return JSON.parse(block.bytes!.toString('utf8', start(block, at), block.ends![at]!)) as unknown;
    }
  }

  /** Whether `row` has this property (null included). */
  has(row: number): boolean {
    const block = this.blocks[row >> SHIFT];
    return !!block && block.tags[row & (BLOCK - 1)] !== Tag.Absent;
  }

  /** Bytes held by the stored values (typed arrays and pools; the interned texts roughly). */
  get byteSize(): number {
    let size = 0;
    for (const b of this.blocks) {
      if (!b) continue;
      size +=
        b.tags.byteLength +
        (b.nums?.byteLength ?? 0) +
        (b.refs?.byteLength ?? 0) +
        (b.ends?.byteLength ?? 0) +
        (b.bytes?.byteLength ?? 0);
    }
    for (const text of this.interned) size += 24 + text.length * 2;
    return size;
  }

  /** Trims the byte pools grown since the last call to what they use (the table calls this after each page). */
  trim(): void {
    for (let i = Math.max(0, this.trimmedBefore - 1); i < this.blocks.length; i++) {
      const block = this.blocks[i];
      if (block?.bytes && block.bytes.byteLength > block.used) {
        block.bytes = Buffer.from(block.bytes.subarray(0, block.used));
      }
    }
    this.trimmedBefore = this.blocks.length;
  }

  private setText(block: Block, at: number, text: string): void {
    if (this.interning && text.length <= MAX_INTERNED_LENGTH) {
      let ref = this.internIndex.get(text);
      if (ref !== undefined) this.internHits++;
      else if (this.interned.length < MAX_INTERNED) {
        ref = this.interned.push(text) - 1;
        this.internIndex.set(text, ref);
        // Names, e-mails, ids: each text once. Interning them would only cost.
        if (this.interned.length === INTERN_TRIAL && this.internHits < INTERN_TRIAL) this.stopInterning();
      }
      if (ref !== undefined) {
        (block.refs ??= new Uint16Array(BLOCK))[at] = ref;
        block.tags[at] = Tag.Interned;
        return;
      }
    }
    if (text.length === 36 && GUID.test(text)) {
      const bytes = reserve(block, at, 16);
      for (let i = 0, j = 0; i < 36; i += 2) {
        if (text.charCodeAt(i) === 45) i++; // the dashes sit at fixed places; skip them
        bytes[block.used + j++] = parseInt(text.slice(i, i + 2), 16);
      }
      commit(block, at, 16, Tag.Guid);
      return;
    }
    const bytes = reserve(block, at, text.length * 3);
    const written = bytes.write(text, block.used, 'utf8');
    if (written === text.length) return commit(block, at, written, Tag.Ascii);
    // A lone surrogate would not survive UTF-8: keep the text as JSON, which escapes it.
    if (!isWellFormed(text)) return this.setJson(block, at, JSON.stringify(text));
    commit(block, at, written, Tag.Utf8);
  }

  /** Texts already interned stay where they are; new ones go to the byte pools. */
  private stopInterning(): void {
    this.interning = false;
    this.internIndex.clear();
  }

  private setJson(block: Block, at: number, json: string): void {
    const bytes = reserve(block, at, json.length * 3);
    commit(block, at, bytes.write(json, block.used, 'utf8'), Tag.Json);
  }
}

function start(block: Block, at: number): number {
  return at === 0 ? 0 : block.ends![at - 1]!;
}

/** Room for `size` more bytes in the block's pool, with the ends of the rows before `at` set. */
function reserve(block: Block, at: number, size: number): Buffer {
  const need = block.used + size;
  if (block.ends instanceof Uint16Array && need > 0xffff) block.ends = Uint32Array.from(block.ends);
  const ends = (block.ends ??= need > 0xffff ? new Uint32Array(BLOCK) : new Uint16Array(BLOCK));
  if (block.filled < at - 1) ends.fill(block.used, block.filled + 1, at);
  if (!block.bytes || block.bytes.byteLength < need) {
    const grown = Buffer.allocUnsafe(Math.max(need, (block.bytes?.byteLength ?? 2048) * 2));
    block.bytes?.copy(grown, 0, 0, block.used);
    block.bytes = grown;
  }
  return block.bytes;
}

function commit(block: Block, at: number, size: number, tag: Tag): void {
  block.used += size;
  block.ends![at] = block.used;
  block.filled = at;
  block.tags[at] = tag;
}

function guidText(bytes: Buffer, at: number): string {
  const h = (i: number): string => HEX[bytes[at + i]!]!;
  return `${h(0)}${h(1)}${h(2)}${h(3)}-${h(4)}${h(5)}-${h(6)}${h(7)}-${h(8)}${h(9)}-${h(10)}${h(11)}${h(12)}${h(13)}${h(14)}${h(15)}`;
}

function isWellFormed(text: string): boolean {
  return !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);
}

// Export to a file that cannot be written: the real cause named with the target, no partial file
// left behind (also when the failure comes mid-way or at the final rename, as a file locked by
// Excel does on Windows), and the same rows export again once the target is fine.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeCsv } from '../../../../src/core/results/csv';
import { nodeExportFileSystem, writeExportFile, type ExportFileSystem } from '../../../../src/core/results/exportFile';
import { ResultTable } from '../../../../src/core/results/resultTable';
import { UserError } from '../../../../src/core/userError';

function fsError(code: string, syscall: string, file: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: failure, ${syscall} '${file}'`), { code, syscall, path: file });
}

/** An in-memory file system whose operations can fail like Windows' do with a locked file. */
class FakeFs implements ExportFileSystem {
  readonly files = new Map<string, string>();
  failWriteAt: { chunk: number; code: string } | undefined;
  failRename: string | undefined;
  failCreate: string | undefined;
  closed = 0;

  async create(file: string) {
    if (this.failCreate) throw fsError(this.failCreate, 'open', file);
    if (this.files.has(file)) throw fsError('EEXIST', 'open', file);
    this.files.set(file, '');
    let chunks = 0;
    return {
      write: async (chunk: string) => {
        if (this.failWriteAt && chunks++ === this.failWriteAt.chunk) {
          throw fsError(this.failWriteAt.code, 'write', file);
        }
        this.files.set(file, this.files.get(file)! + chunk);
      },
      close: async () => {
        this.closed++;
      },
    };
  }

  async rename(from: string, to: string) {
    if (this.failRename) throw fsError(this.failRename, 'rename', `${from}' -> '${to}`);
    this.files.set(to, this.files.get(from)!);
    this.files.delete(from);
  }

  async remove(file: string) {
    this.files.delete(file);
  }
}

const rowsOf = (n: number) => Array.from({ length: n }, (_, i) => ({ accountid: `id-${i}`, name: `Account ${i}` }));

function csvProducer(n: number) {
  const table = new ResultTable();
  const rows = table.addRows(rowsOf(n));
  return (write: (chunk: string) => Promise<void>) => writeCsv(table.columns, rows, write, { chunkRows: 10 });
}

function assertCause(err: unknown, target: string, code: string, cause: RegExp): true {
  assert.ok(err instanceof UserError, `a UserError, not ${String(err)}`);
  assert.equal(err.code, `export_${code}`);
  assert.ok(err.message.startsWith(`Could not export to ${target}: `), err.message);
  assert.match(err.message, cause);
  assert.doesNotMatch(err.message, /\.tmp|undefined|\n\s+at /, 'neither the temporary file nor a stack trace');
  return true;
}

describe('core/results/exportFile', () => {
  const target = '/exports/accounts.csv';

  it('writes the rows to the target and leaves nothing else', async () => {
    const fake = new FakeFs();
    assert.equal(await writeExportFile(fake, target, csvProducer(25)), 25);
    assert.deepEqual([...fake.files.keys()], [target]);
    assert.equal(fake.files.get(target)!.split('\r\n').length, 27);
    assert.equal(fake.closed, 1);
  });

  it('a target locked by another program at the end (EBUSY on rename): the cause, the old file kept, no temporary file', async () => {
    const fake = new FakeFs();
    fake.files.set(target, 'the old export\r\n');
    fake.failRename = 'EBUSY';
    await assert.rejects(writeExportFile(fake, target, csvProducer(25)), (err) =>
      assertCause(err, target, 'EBUSY', /in use by another program/),
    );
    assert.deepEqual([...fake.files.entries()], [[target, 'the old export\r\n']]);
    // The same rows export once the file is free.
    fake.failRename = undefined;
    assert.equal(await writeExportFile(fake, target, csvProducer(25)), 25);
    assert.match(fake.files.get(target)!, /Account 24/);
  });

  it('a write that fails mid-way (EBUSY): the file is closed and deleted, never left half written', async () => {
    const fake = new FakeFs();
    fake.failWriteAt = { chunk: 2, code: 'EBUSY' };
    await assert.rejects(writeExportFile(fake, target, csvProducer(25)), (err) =>
      assertCause(err, target, 'EBUSY', /Close it there and export again/),
    );
    assert.equal(fake.files.size, 0);
    assert.equal(fake.closed, 1);
  });

  it('a target that cannot be created (EACCES): the cause, nothing written', async () => {
    const fake = new FakeFs();
    fake.failCreate = 'EACCES';
    await assert.rejects(writeExportFile(fake, target, csvProducer(3)), (err) =>
      assertCause(err, target, 'EACCES', /permission denied/),
    );
    assert.equal(fake.files.size, 0);
  });

  it('an error of the producer itself comes back unchanged, and the temporary file is deleted', async () => {
    const fake = new FakeFs();
    const bug = new TypeError('not a file system error');
    await assert.rejects(
      writeExportFile(fake, target, async (write) => {
        await write('a');
        throw bug;
      }),
      (err) => err === bug,
    );
    assert.equal(fake.files.size, 0);
  });

  describe('on the real file system', () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'd365-export-'));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('a target that is a folder (EISDIR, also as root): the cause, no partial file; the rows then export to a file', async () => {
      const folder = path.join(dir, 'accounts.csv');
      fs.mkdirSync(folder);
      const produce = csvProducer(25);
      await assert.rejects(writeExportFile(nodeExportFileSystem, folder, produce), (err) =>
        assertCause(err, folder, 'EISDIR', /that is a folder/),
      );
      assert.deepEqual(fs.readdirSync(dir), ['accounts.csv']);
      assert.deepEqual(fs.readdirSync(folder), []);
      const file = path.join(dir, 'ok.csv');
      assert.equal(await writeExportFile(nodeExportFileSystem, file, produce), 25);
      assert.equal(fs.readFileSync(file, 'utf8').split('\r\n').length, 27);
      assert.deepEqual(fs.readdirSync(dir).sort(), ['accounts.csv', 'ok.csv']);
    });

    it('a target whose folder does not exist (ENOENT): the cause', async () => {
      const file = path.join(dir, 'missing', 'accounts.csv');
      await assert.rejects(writeExportFile(nodeExportFileSystem, file, csvProducer(3)), (err) =>
        assertCause(err, file, 'ENOENT', /folder does not exist/),
      );
      assert.deepEqual(fs.readdirSync(dir), []);
    });

    it('replaces an existing file, and writes text beyond the ASCII range whole', async () => {
      const file = path.join(dir, 'accounts.json');
      fs.writeFileSync(file, 'old and longer than the new text '.repeat(100));
      const text = 'ünïcödé 🙂 '.repeat(5000);
      assert.equal(
        await writeExportFile(nodeExportFileSystem, file, async (write) => {
          await write(text);
          await write('!');
          return 1;
        }),
        1,
      );
      assert.equal(fs.readFileSync(file, 'utf8'), `${text}!`);
      assert.deepEqual(fs.readdirSync(dir), ['accounts.json']);
    });
  });
});

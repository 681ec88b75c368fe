// Writes an export to its file so that a failure costs nothing: the text goes to a new file beside
// the target, which replaces the target only once every row is written, and is deleted on any error.
// A locked, read-only or missing target thus leaves no partial file, and the error names the target
// and what is wrong with it (not the temporary file, not a stack trace). The file system is a port,
// so the failures a test cannot cause for real (a file locked by another program) are tested too.
import * as l10n from '@vscode/l10n';
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../userError';

export interface ExportSink {
  write(chunk: string): Promise<void>;
  close(): Promise<void>;
}

export interface ExportFileSystem {
  /** Creates a file that does not exist yet, for writing. */
  create(path: string): Promise<ExportSink>;
  /** Moves `from` over `to`, replacing a file there. */
  rename(from: string, to: string): Promise<void>;
  remove(path: string): Promise<void>;
}

/** Gives each chunk to a writer that puts it in the file. */
export type ExportProducer = (write: (chunk: string) => Promise<void>) => Promise<number>;

/** Writes what `produce` makes into `target`; answers what `produce` answered (the row count). */
export async function writeExportFile(fs: ExportFileSystem, target: string, produce: ExportProducer): Promise<number> {
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(4).toString('hex')}.tmp`);
  let sink: ExportSink;
  try {
    sink = await fs.create(temp);
  } catch (err) {
    throw exportError(err, target);
  }
  let writing = true;
  try {
    const count = await produce((chunk) => sink.write(chunk));
    writing = false;
    await sink.close();
    await fs.rename(temp, target);
    return count;
  } catch (err) {
    if (writing) await sink.close().catch(() => undefined);
    await fs.remove(temp).catch(() => undefined);
    throw exportError(err, target);
  }
}

/** The real file system, through file handles: every error comes back as a rejection, none is left unhandled. */
export const nodeExportFileSystem: ExportFileSystem = {
  async create(path) {
    const handle = await open(path, 'wx');
    return {
      async write(chunk) {
        const bytes = Buffer.from(chunk, 'utf8');
        for (let at = 0; at < bytes.length;) at += (await handle.write(bytes, at)).bytesWritten;
      },
      close: () => handle.close(),
    };
  },
  rename: (from, to) => rename(from, to),
  remove: (path) => rm(path, { force: true }),
};

/** What each error means to the user, computed when shown (in the display language configured by then). */
function causes(): Record<string, string> {
  return {
    EBUSY: l10n.t('the file is in use by another program (open in a spreadsheet?). Close it there and export again'),
    // Windows answers EPERM too when the file it should replace is open in another program.
    EPERM: l10n.t(
      'permission denied, or the file is open in another program. Close it there, or choose a folder you can write to',
    ),
    EACCES: l10n.t('permission denied. Choose a folder you can write to, or make the file writable'),
    EISDIR: l10n.t('that is a folder. Choose a file name in it'),
    ENOENT: l10n.t('its folder does not exist. Choose an existing folder'),
    ENOTDIR: l10n.t('its folder does not exist. Choose an existing folder'),
    ENOSPC: l10n.t('the disk is full. Free some space or choose another drive'),
    EDQUOT: l10n.t('the disk quota is used up. Free some space or choose another drive'),
    EROFS: l10n.t('the drive is read-only. Choose another folder'),
    ENAMETOOLONG: l10n.t('the path is too long. Choose a shorter name'),
  };
}

/** A file system error as what the user can act on; anything else unchanged. */
export function exportError(err: unknown, target: string): unknown {
  const code = (err as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return err;
  const cause = causes()[code] ?? l10n.t('the system answered {0}', code);
  return new UserError(
    l10n.t('Could not export to {0}: {1}. Nothing was written; the rows are still in the results view.', target, cause),
    { code: `export_${code}`, cause: err },
  );
}

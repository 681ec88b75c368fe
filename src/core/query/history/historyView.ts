// How history entries read in a picker and in a scratchpad: the label (method and target, one
// line, truncated), when it ran relative to now, status and duration, and the scratchpad text for
// one entry or all of them. Pure, with `now` passed in, so the wording is table-tested.
import * as l10n from '@vscode/l10n';
import type { HistoryEntry } from './historyEntry';
import { formatCount, formatDuration } from '../../numberFormat';

export const LABEL_MAX = 80;

export function truncate(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}

/** `GET accounts?$select=name`, `FETCH account`, `POST $batch`. */
export function entryLabel(entry: HistoryEntry, max = LABEL_MAX): string {
  const { method, target } = entry.request;
  return truncate(method ? `${method} ${target}` : target, max);
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "just now", "5 min ago", "3 h ago", "yesterday", "4 days ago", then the date. */
export function relativeTime(ranAt: number, now: number): string {
  const ago = now - ranAt;
  if (ago < MINUTE) return l10n.t('just now');
  if (ago < HOUR) return l10n.t('{0} min ago', formatCount(Math.floor(ago / MINUTE)));
  if (ago < DAY) return l10n.t('{0} h ago', formatCount(Math.floor(ago / HOUR)));
  if (ago < 2 * DAY) return l10n.t('yesterday');
  if (ago < 7 * DAY) return l10n.t('{0} days ago', formatCount(Math.floor(ago / DAY)));
  return localDate(ranAt);
}

/** "5 min ago · 200 · 120 ms"; an entry kept from before run facts were recorded says so. */
export function entryDescription(entry: HistoryEntry, now: number): string {
  const parts = [
    entry.ranAt !== undefined ? relativeTime(entry.ranAt, now) : l10n.t('earlier'),
    ...(entry.status !== undefined ? [String(entry.status)] : []),
    ...(entry.durationMs !== undefined ? [formatDuration(entry.durationMs)] : []),
  ];
  return parts.join(' · ');
}

/** "write · 3 rows · secret removed": what the label does not say. */
export function entryDetail(entry: HistoryEntry): string {
  const rows =
    entry.rows === undefined ? [] : [entry.rows === 1 ? l10n.t('1 row') : l10n.t('{0} rows', formatCount(entry.rows))];
  const access = entry.access === 'write' ? l10n.t('write') : l10n.t('read');
  const redacted = entry.redacted ? [l10n.t('a secret was removed: open it to fill it in')] : [];
  return [access, ...rows, ...redacted].join(' · ');
}

/** `YYYY-MM-DD HH:mm` in local time. */
export function localDate(time: number, withTime = false): string {
  const d = new Date(time);
  const two = (n: number): string => String(n).padStart(2, '0');
  const date = `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
  return withTime ? `${date} ${two(d.getHours())}:${two(d.getMinutes())}` : date;
}

/** A scratchpad holding one entry: the connection line, then the request as it was kept. */
export function scratchpadForEntry(orgUrl: string, entry: HistoryEntry): string {
  return `@connection = ${orgUrl}\n\n${entry.text}\n`;
}

/** Every entry as its own `###` block, newest first, each with a comment saying when it ran. */
export function scratchpadForAll(orgUrl: string, entries: readonly HistoryEntry[]): string {
  const blocks = entries.map((e) => {
    const when =
      e.ranAt !== undefined ? l10n.t('Ran {0}', localDate(e.ranAt, true)) : l10n.t('Ran before run times were kept');
    const how = [
      when,
      ...(e.status !== undefined ? [l10n.t('status {0}', e.status)] : []),
      ...(e.durationMs !== undefined ? [formatDuration(e.durationMs)] : []),
    ].join(' · ');
    return `### ${entryLabel(e, 60)}\n# ${how}\n${e.text}\n`;
  });
  return `@connection = ${orgUrl}\n\n${blocks.join('\n')}`;
}

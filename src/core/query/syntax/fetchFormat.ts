// FetchXML laid out for reading: one element a line, indented by depth, an element holding only text
// (`<value>1</value>`) kept on its line. Used where FetchXML is shown or written into a scratchpad
// (the results view of a SQL query, "Open as FetchXML", SQL → FetchXML). Text is kept as it is:
// no entity is decoded or encoded.

/** A tag (quoted attribute values may hold `>`), or the text between tags. */
const PART = /<(?:[^>"']|"[^"]*"|'[^']*')*>|[^<]+|</g;

export function formatFetchXml(xml: string, indent = '  '): string {
  const parts = (xml.trim().replace(/>\s+</g, '><').match(PART) ?? []).filter((p) => p.trim() !== '');
  const lines: string[] = [];
  let depth = 0;
  const pad = (): string => indent.repeat(Math.max(0, depth));
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (p.startsWith('</')) {
      depth--;
      lines.push(pad() + p);
      continue;
    }
    if (!p.startsWith('<') || p === '<') {
      lines.push(pad() + p.trim());
      continue;
    }
    if (p.endsWith('/>') || p.startsWith('<?') || p.startsWith('<!')) {
      lines.push(pad() + p);
      continue;
    }
    const next = parts[i + 1];
    if (next?.startsWith('</')) {
      lines.push(pad() + p + next);
      i += 1;
    } else if (next && !next.startsWith('<') && parts[i + 2]?.startsWith('</')) {
      lines.push(pad() + p + next + parts[i + 2]!);
      i += 2;
    } else {
      lines.push(pad() + p);
      depth++;
    }
  }
  return lines.join('\n');
}

/**
 * A new scratchpad holding one query: the organization it runs against, then the block. The title
 * goes on the `###` line, so it is cut to one line.
 */
export function scratchpadWith(orgUrl: string | undefined, title: string, request: string): string {
  const head = orgUrl ? `@connection = ${orgUrl}\n\n` : '';
  return `${head}### ${title.replace(/[\r\n]+/g, ' ').trim()}\n${request}\n`;
}

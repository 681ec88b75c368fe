// Bodies from the network are untrusted text: a proxy's HTML page, an empty 204, a truncated answer.
// One reader for all of them, so no caller wraps JSON.parse in its own try/catch.

export type JsonObject = Record<string, unknown>;

/** The parsed value, or undefined when the text is not JSON (JSON itself never parses to undefined). */
export function tryParseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// Values people paste (from a portal, a chat, a password manager) arrive with a space, a line break
// or an invisible character around them. What cannot be meant is trimmed here, once; the rest is
// kept as typed.
import * as l10n from '@vscode/l10n';

// String.prototype.trim knows Unicode spaces and the BOM but not the zero-width characters that
// copying from web pages and chats leaves behind.
const EDGE = /^[\s\u200B-\u200D\u2060]+|[\s\u200B-\u200D\u2060]+$/g;

export function trimPasted(value: string): string {
  return value.replace(EDGE, '');
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: string): boolean {
  return GUID.test(value);
}

/** A GUID as the portal shows it, or as PowerShell and the registry write it: {…}. */
export function normalizeGuid(value: string): string | undefined {
  const bare = trimPasted(value).replace(/^\{(.*)\}$/, '$1');
  return isGuid(bare) ? bare.toLowerCase() : undefined;
}

export type ClientIdResult = { ok: true; clientId: string } | { ok: false; message: string };

export function parseClientId(value: string): ClientIdResult {
  const clientId = normalizeGuid(value);
  return clientId
    ? { ok: true, clientId }
    : {
        ok: false,
        message: l10n.t(
          "The application (client) id is a GUID such as 00000000-0000-0000-0000-000000000000, shown on the app registration's Overview page.",
        ),
      };
}

export type ClientSecretResult = { ok: true; secret: string } | { ok: false; message: string };

/**
 * A client secret as pasted: the spaces and line breaks around it go, nothing inside is touched.
 * A GUID is the secret's ID column, the usual slip, not its Value.
 */
export function parseClientSecret(value: string): ClientSecretResult {
  const secret = trimPasted(value);
  if (!secret) return { ok: false, message: l10n.t("Paste the client secret's Value.") };
  if (isGuid(secret)) {
    return {
      ok: false,
      message: l10n.t(
        "That is the secret's ID. Paste its Value instead (Certificates & secrets → Client secrets → Value, shown only when the secret is created).",
      ),
    };
  }
  return { ok: true, secret };
}

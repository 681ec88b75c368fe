// The one definition of a header that carries a credential (Authorization, Proxy-Authorization,
// Cookie, API keys, tokens, secrets): the history drops such header lines and "Copy as…" leaves
// them out, so a secret typed into a request is never kept or copied. Matched on the name only.
const SECRET_NAME = String.raw`(?:proxy-)?authorization|(?:set-)?cookie|[\w-]*(?:api-?key|subscription-key|token|secret)`;

/** A `Name: value` line whose name is a secret header's. */
export const SECRET_HEADER_LINE = new RegExp(String.raw`^\s*(?:${SECRET_NAME})\s*:`, 'i');

const SECRET_HEADER_NAME = new RegExp(`^(?:${SECRET_NAME})$`, 'i');

export function isSecretHeader(name: string): boolean {
  return SECRET_HEADER_NAME.test(name.trim());
}

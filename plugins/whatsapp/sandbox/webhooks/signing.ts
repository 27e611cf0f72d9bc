import { createHmac } from 'node:crypto';

/** `sha256=<hex>` over the exact bytes, as Meta sends in X-Hub-Signature-256. */
export function signPayload(rawBody: string | Buffer, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

/**
 * JSON.stringify with every non-ASCII UTF-16 code unit written as \uXXXX, which is how Meta
 * serialises webhook bodies. Receivers that parse and re-serialise get different bytes and a
 * signature mismatch; this lets tests reproduce that trap. Astral characters (emoji) come out as
 * their surrogate pair, `\ud83d\ude00`, the same as Meta.
 */
export function metaJsonStringify(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) return json as unknown as string;
  return json.replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

import crypto from 'crypto';

/**
 * Meta's webhook signature: `X-Hub-Signature-256: sha256=<hex>`, the HMAC-SHA256 of the exact
 * request bytes keyed with the app secret (docs/whatsapp-cloud-api.md#webhook-signature). Verified
 * on the raw bytes, never on re-serialised JSON (Meta escapes non-ASCII as \uXXXX), in constant
 * time (svix).
 */
const HEADER_FORMAT = /^sha256=([0-9a-f]{64})$/i;

/** The 32-byte digest from the header, or null when the header is absent or malformed. */
export function parseSignatureHeader(header: string | string[] | undefined): Buffer | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (typeof value !== 'string') return null;
  const match = HEADER_FORMAT.exec(value.trim());
  return match ? Buffer.from(match[1], 'hex') : null;
}

/** True when `expected` is the HMAC of `raw` under `secret`. Constant time in the digest. */
export function signatureMatches(raw: Buffer, expected: Buffer, secret: string): boolean {
  const actual = crypto.createHmac('sha256', secret).update(raw).digest();
  return actual.length === expected.length && crypto.timingSafeEqual(actual, expected);
}

/** Constant-time string equality (verify token); different lengths are compared on hashes. */
export function safeEqual(a: string, b: string): boolean {
  const left = crypto.createHash('sha256').update(a).digest();
  const right = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(left, right) && a.length === b.length;
}

import type { IncomingHttpHeaders } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { metaErrors } from './errors';

/**
 * Bearer check like Graph API's: the token comes from the Authorization header (`Bearer`, or
 * `OAuth` as the upload API uses) or the `access_token` query parameter, which Meta also
 * accepts. With no configured list, any
 * non-empty token passes so ad-hoc use needs no setup.
 */
export function assertAuthorized(headers: IncomingHttpHeaders, query: URLSearchParams, accepted: string[] | undefined): void {
  const token = bearerToken(headers) ?? query.get('access_token') ?? '';
  if (!token) throw metaErrors.invalidToken();
  if (!accepted || accepted.length === 0) return;
  if (!accepted.some((candidate) => sameString(candidate, token))) throw metaErrors.invalidToken();
}

function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const header = headers.authorization;
  if (typeof header !== 'string') return undefined;
  // Meta's Resumable Upload API takes the token as `OAuth <token>`; everything else as `Bearer`.
  const match = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(header.trim());
  return match ? match[1].trim() : undefined;
}

function sameString(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

import { metaErrors } from './errors';
import type { SandboxRequest } from './http/router';

/**
 * Graph API cursor paging: `limit` and `after` in, `paging.cursors` out, and `paging.next` only
 * while more items follow (clients loop on `next`). Cursors are opaque, as Meta's are.
 */

const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 1000;

const encodeCursor = (index: number) => Buffer.from(`sandbox:${index}`).toString('base64url');

function decodeCursor(cursor: string): number {
  const match = /^sandbox:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw metaErrors.invalidParameter(`The 'after' cursor is not valid: ${cursor}`);
  return Number(match[1]);
}

export function paginate<T>(items: T[], req: SandboxRequest) {
  const limitParam = req.query.get('limit');
  const limit = limitParam === null ? DEFAULT_LIMIT : Number(limitParam);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw metaErrors.invalidParameter(`'limit' must be an integer between 1 and ${MAX_LIMIT}.`);
  }
  const after = req.query.get('after');
  const start = after ? decodeCursor(after) + 1 : 0;
  const data = items.slice(start, start + limit);
  if (data.length === 0) return { data };

  const last = start + data.length - 1;
  const paging: { cursors: { before: string; after: string }; next?: string } = {
    cursors: { before: encodeCursor(start), after: encodeCursor(last) },
  };
  if (last + 1 < items.length) {
    const next = new URL(`${req.origin}/${req.version}${req.path}`);
    req.query.forEach((value, key) => {
      if (key !== 'after' && key !== 'access_token') next.searchParams.set(key, value);
    });
    next.searchParams.set('limit', String(limit));
    next.searchParams.set('after', paging.cursors.after);
    paging.next = next.toString();
  }
  return { data, paging };
}

/** Meta returns only the requested `fields` (plus id); without `fields`, the sandbox returns all. */
export function pickFields(record: Record<string, unknown>, fieldsParam: string | null): Record<string, unknown> {
  if (!fieldsParam) return record;
  const wanted = new Set(fieldsParam.split(',').map((field) => field.trim()).filter(Boolean));
  wanted.add('id');
  return Object.fromEntries(Object.entries(record).filter(([key]) => wanted.has(key)));
}

import type { Core } from '@strapi/strapi';
import { isSqlite } from './db';

/**
 * Locks one row for the rest of the current `strapi.db.transaction` (SELECT … FOR UPDATE) and
 * returns its id. SQLite has no row locks and needs none: its writes are serialised by the
 * database lock. Must be called inside a transaction, or the lock ends with the statement.
 */
export async function lockRow(
  strapi: Core.Strapi,
  uid: string,
  where: Record<string, unknown>
): Promise<number | undefined> {
  const qb = strapi.db.queryBuilder(uid as any).select(['id']).where(where).first();
  if (!isSqlite(strapi)) qb.forUpdate();
  const row = (await qb.execute()) as { id: number } | undefined;
  return row?.id;
}

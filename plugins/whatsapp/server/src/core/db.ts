import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import type { WhatsAppUid } from '../../../shared/uids';

/**
 * Helpers for the few places that talk to the database with plain knex (hot paths, row locks),
 * where Strapi's query engine would cost too much or cannot express the statement.
 */

/** Table and attribute → column names of a content type, from Strapi's own metadata. */
export function tableOf(strapi: Core.Strapi, uid: WhatsAppUid): { table: string; column: (attribute: string) => string } {
  const meta = strapi.db.metadata.get(uid);
  return {
    table: meta.tableName,
    column(attribute: string) {
      const attr = meta.attributes[attribute] as { columnName?: string } | undefined;
      if (!attr) throw new Error(`[whatsapp] ${uid} has no attribute ${attribute}`);
      return attr.columnName ?? attribute;
    },
  };
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const ALPHANUMERICS = `${LETTERS}0123456789`;

/**
 * A new document id in the shape Strapi uses (24 lowercase alphanumerics starting with a letter,
 * like cuid2), for rows inserted without the document service.
 */
export function newDocumentId(): string {
  const bytes = crypto.randomBytes(24);
  let id = LETTERS[bytes[0] % LETTERS.length];
  for (let i = 1; i < 24; i += 1) id += ALPHANUMERICS[bytes[i] % ALPHANUMERICS.length];
  return id;
}

export function isPostgres(strapi: Core.Strapi): boolean {
  return strapi.db.dialect.client === 'postgres';
}

export function isSqlite(strapi: Core.Strapi): boolean {
  return ['sqlite', 'better-sqlite3'].includes(String(strapi.db.dialect.client));
}

/** UPDATE … RETURNING: PostgreSQL and SQLite (3.35+); MySQL has none. */
export function supportsReturning(strapi: Core.Strapi): boolean {
  return isPostgres(strapi) || isSqlite(strapi);
}

/** Whether an error is a unique-constraint violation (PostgreSQL 23505, SQLite, MySQL). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; errno?: number; message?: string } | undefined;
  if (!e) return false;
  if (e.code === '23505' || e.code === 'ER_DUP_ENTRY' || e.code === 'SQLITE_CONSTRAINT_UNIQUE') return true;
  return typeof e.message === 'string' && /unique constraint|UNIQUE constraint failed|duplicate key/i.test(e.message);
}

/**
 * Runs `fn` once the current transaction commits (at once when there is none). Notifications
 * and background work started from inside a transaction must not see, or announce, rows that
 * may still be rolled back. A nested `strapi.db.transaction` reuses the outer one, so this only
 * registers the callback on it.
 */
export function afterCommit(strapi: Core.Strapi, fn: () => void): void {
  if (!strapi.db.inTransaction()) {
    fn();
    return;
  }
  void strapi.db.transaction(async ({ onCommit }) => {
    onCommit(fn);
  });
}

/**
 * The knex of the current Strapi transaction (strapi.db.transaction), or the plain connection
 * outside one: lets knex statements join the transaction the query engine is using. A nested
 * strapi.db.transaction hands back the outer transaction and commits nothing itself.
 */
export async function currentTransaction(strapi: Core.Strapi): Promise<Knex> {
  if (!strapi.db.inTransaction()) return strapi.db.connection;
  return strapi.db.transaction(async ({ trx }) => trx as unknown as Knex);
}

/** The link table Strapi uses for a relation attribute (e.g. webhook-event.tenant). */
export function linkTableOf(strapi: Core.Strapi, uid: WhatsAppUid, attribute: string): { table: string; ownerColumn: string; targetColumn: string } {
  const attr = strapi.db.metadata.get(uid).attributes[attribute] as any;
  if (!attr?.joinTable) throw new Error(`[whatsapp] ${uid}.${attribute} has no link table`);
  return { table: attr.joinTable.name, ownerColumn: attr.joinTable.joinColumn.name, targetColumn: attr.joinTable.inverseJoinColumn.name };
}

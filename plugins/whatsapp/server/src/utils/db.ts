import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import type { WhatsAppUid } from '../uids';

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

/** Whether an error is a unique-constraint violation (PostgreSQL 23505, SQLite, MySQL). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; errno?: number; message?: string } | undefined;
  if (!e) return false;
  if (e.code === '23505' || e.code === 'ER_DUP_ENTRY' || e.code === 'SQLITE_CONSTRAINT_UNIQUE') return true;
  return typeof e.message === 'string' && /unique constraint|UNIQUE constraint failed|duplicate key/i.test(e.message);
}

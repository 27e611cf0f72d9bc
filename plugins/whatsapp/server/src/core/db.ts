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

/**
 * Writes different values to many rows in one UPDATE, the set-based form of one update per row;
 * works on PostgreSQL and SQLite alike. Each row names its own columns; a row that leaves a
 * column out keeps its value. A column every row sets to the same value is a plain `SET col = ?`;
 * otherwise rows are grouped by value (`CASE WHEN id IN (…) THEN ? … ELSE col END`), so a batch
 * whose rows mostly agree (processed, now, no error) stays a short statement.
 */
export async function updateRowsById(
  knex: Knex,
  table: string,
  rows: { id: number; columns: Record<string, unknown> }[],
  idColumn = 'id'
): Promise<void> {
  const ROWS_PER_STATEMENT = 500; // keeps the bound parameters far below SQLite's limit
  const keyOf = (value: unknown) => (value instanceof Date ? `date:${value.getTime()}` : JSON.stringify(value ?? null));
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
    const columns = [...new Set(chunk.flatMap((row) => Object.keys(row.columns)))];
    if (!columns.length) continue;
    const set: Record<string, unknown> = {};
    for (const column of columns) {
      const groups = new Map<string, { value: unknown; ids: number[] }>();
      for (const row of chunk) {
        if (!(column in row.columns)) continue;
        const key = keyOf(row.columns[column]);
        const group = groups.get(key) ?? { value: row.columns[column], ids: [] };
        group.ids.push(row.id);
        groups.set(key, group);
      }
      const all = [...groups.values()];
      if (all.length === 1 && all[0].ids.length === chunk.length) {
        set[column] = all[0].value;
        continue;
      }
      const cases = all.map((group) => `WHEN ?? IN (${group.ids.map(() => '?').join(', ')}) THEN ?`).join(' ');
      const bindings = all.flatMap((group) => [idColumn, ...group.ids, group.value as Knex.Value]);
      set[column] = knex.raw(`CASE ${cases} ELSE ?? END`, [...bindings, column]);
    }
    await knex(table)
      .whereIn(
        idColumn,
        chunk.map((row) => row.id)
      )
      .update(set);
  }
}

/**
 * Inserts the link rows of a relation attribute for many owners at once, as Strapi's create
 * would: for a bidirectional relation (customer.messages ↔ message.customer) each new link is
 * put last in the target's list (the inverse order column), computed in one grouped query.
 */
export async function insertLinks(strapi: Core.Strapi, knex: Knex, uid: WhatsAppUid, attribute: string, pairs: { ownerId: number; targetId: number }[]): Promise<void> {
  if (!pairs.length) return;
  const joinTable = (strapi.db.metadata.get(uid).attributes[attribute] as any)?.joinTable;
  if (!joinTable) throw new Error(`[whatsapp] ${uid}.${attribute} has no link table`);
  const owner = joinTable.joinColumn.name as string;
  const target = joinTable.inverseJoinColumn.name as string;
  const inverseOrder = joinTable.inverseOrderColumnName as string | undefined;
  const rows: Record<string, unknown>[] = pairs.map((pair) => ({ [owner]: pair.ownerId, [target]: pair.targetId }));
  if (inverseOrder) {
    const targets = [...new Set(pairs.map((pair) => pair.targetId))];
    const max = await knex(joinTable.name).select(target).max(inverseOrder, { as: 'max' }).whereIn(target, targets).groupBy(target);
    const next = new Map<number, number>(max.map((row: any) => [Number(row[target]), Number(row.max) || 0]));
    for (const row of rows) {
      const value = (next.get(row[target] as number) ?? 0) + 1;
      next.set(row[target] as number, value);
      row[inverseOrder] = value;
    }
  }
  const ROWS_PER_STATEMENT = 500;
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) await knex(joinTable.name).insert(rows.slice(i, i + ROWS_PER_STATEMENT));
}

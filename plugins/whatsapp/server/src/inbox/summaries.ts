import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { UID } from '../../../shared/uids';
import { currentTransaction, isPostgres, linkTableOf, tableOf } from '../core/db';
import { analyzeStaleTables } from '../core/table-statistics';

/**
 * The stored inbox: one row per conversation in `whatsapp_conversation_summaries` (tenant,
 * business number, customer, last message, unread and failed counts), so the inbox's first page
 * is a range scan on (tenant, last message time) instead of grouping the whole comms log.
 *
 * The rows are derived data, never patched: `refresh(keys)` recomputes them from the messages
 * (and the read markers) of those conversations, in a few set-based statements, and deletes the
 * row of a conversation that has no message left. Every place that writes messages, statuses
 * that change the failed count, or read markers calls it once per batch with the keys it touched
 * (docs/inbox.md#data). Being a recomputation, a refresh is always right whatever happened before,
 * so a missed or repeated call costs at most a stale row until the next one, never a drift.
 *
 * Concurrency (PostgreSQL, READ COMMITTED): two transactions writing messages of one
 * conversation would each recompute without seeing the other's uncommitted row, and the later
 * upsert could overwrite the other's with a stale count. So a refresh first takes the rows' locks
 * (inserting the missing ones), in key order, and only then reads the log: whoever waits for the
 * lock reads after the other committed. SQLite has a single writer.
 */

/** Customer messages that are not counted as unread (as in the inbox's definition). */
export const NOT_COUNTED_AS_UNREAD = ['reaction', 'system'];

/** Keys per statement: keeps IN-lists well under SQLite's and PostgreSQL's bind limits. */
const CHUNK = 500;

/** A bump of this version makes the next boot recompute every row (the backfill). */
export const SUMMARIES_VERSION = 1;
const STORE_KEY = { type: 'plugin', name: 'whatsapp', key: 'conversation-summaries' } as const;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const names = () => ({
    summaries: tableOf(strapi, UID.conversationSummary).table,
    messages: tableOf(strapi, UID.message).table,
    reads: tableOf(strapi, UID.conversationRead).table,
    tenantLink: linkTableOf(strapi, UID.message, 'tenant'),
    customerLink: linkTableOf(strapi, UID.message, 'customer'),
  });

  /** SQL for a new document id per row, and for the business number id (the key's part before ":"); PostgreSQL or SQLite. */
  const dialect = () =>
    isPostgres(strapi)
      ? { documentId: "'s' || substr(md5(random()::text || g.conversation_key), 1, 23)", numberOfKey: "split_part(g.conversation_key, ':', 1)" }
      : { documentId: "'s' || lower(hex(randomblob(12)))", numberOfKey: "substr(g.conversation_key, 1, instr(g.conversation_key, ':') - 1)" };

  /**
   * One upsert that recomputes the rows of `keys` (every conversation when null) from the log:
   * the aggregates per key, then the last message's direction, type, tenant and customer (the
   * customer of any message of the conversation when the last has none). Those are looked up by
   * key in subqueries rather than joined. A join of the customer per message row was 40 % of the
   * statement; and on tables whose statistics are stale (a young database, autovacuum behind or
   * off), PostgreSQL put a joined message table on the outer side and ran the whole aggregation
   * once per message (13 s per refresh at 2,700 messages), where a subquery has no other plan.
   */
  async function upsert(trx: Knex, keys: string[] | null) {
    const t = names();
    const d = dialect();
    const now = new Date();
    const where = keys ? `m.conversation_key in (${keys.map(() => '?').join(', ')})` : 'm.conversation_key is not null';
    const unreadTypes = NOT_COUNTED_AS_UNREAD.map(() => '?').join(', ');
    // `where 1 = 1` before ON CONFLICT: SQLite needs a WHERE there to parse INSERT … SELECT … ON CONFLICT.
    const sql = `
      insert into ${t.summaries} (document_id, conversation_key, tenant_id, phone_number_id, customer_id, last_message_id, last_message_at,
        last_direction, last_type, last_inbound_message_id, message_count, unread_count, failed_count, created_at, updated_at)
      select ${d.documentId}, g.conversation_key,
        (select max(tl.${t.tenantLink.targetColumn}) from ${t.tenantLink.table} tl where tl.${t.tenantLink.ownerColumn} = g.last_id),
        ${d.numberOfKey},
        coalesce(
          (select max(cl.${t.customerLink.targetColumn}) from ${t.customerLink.table} cl where cl.${t.customerLink.ownerColumn} = g.last_id),
          (select max(cl.${t.customerLink.targetColumn}) from ${t.customerLink.table} cl join ${t.messages} cm on cm.id = cl.${t.customerLink.ownerColumn} where cm.conversation_key = g.conversation_key)
        ),
        g.last_id, g.last_at,
        (select lm.direction from ${t.messages} lm where lm.id = g.last_id),
        (select lm.type from ${t.messages} lm where lm.id = g.last_id),
        g.last_inbound_id, g.message_count, g.unread, g.failed, ?, ?
      from (
        select m.conversation_key as conversation_key,
          max(m.id) as last_id,
          max(coalesce(m.occurred_at, m.created_at)) as last_at,
          count(*) as message_count,
          max(case when m.direction = 'inbound' then m.id end) as last_inbound_id,
          sum(case when m.direction = 'inbound' and m.type not in (${unreadTypes}) and m.id > coalesce(r.last_read_message_id, 0) then 1 else 0 end) as unread,
          sum(case when m.delivery_status = 'failed' then 1 else 0 end) as failed
        from ${t.messages} m
        left join ${t.reads} r on r.conversation_key = m.conversation_key
        where ${where}
        group by m.conversation_key
      ) g
      where 1 = 1
      on conflict (conversation_key) do update set
        tenant_id = excluded.tenant_id, phone_number_id = excluded.phone_number_id, customer_id = excluded.customer_id,
        last_message_id = excluded.last_message_id, last_message_at = excluded.last_message_at, last_direction = excluded.last_direction,
        last_type = excluded.last_type, last_inbound_message_id = excluded.last_inbound_message_id, message_count = excluded.message_count,
        unread_count = excluded.unread_count, failed_count = excluded.failed_count, updated_at = excluded.updated_at`;
    await trx.raw(sql, [now, now, ...NOT_COUNTED_AS_UNREAD, ...(keys ?? [])]);
  }

  /** Rows of conversations that have no message any more (erased, or never had one). */
  async function prune(trx: Knex, keys: string[] | null) {
    const t = names();
    const query = trx(t.summaries).whereNotExists(trx(t.messages).select(trx.raw('1')).whereRaw(`${t.messages}.conversation_key = ${t.summaries}.conversation_key`));
    if (keys) query.whereIn('conversation_key', keys);
    await query.delete();
  }

  /** PostgreSQL: this transaction holds the rows of `keys` (sorted) before it reads the log. */
  async function lock(trx: Knex, keys: string[]) {
    if (!isPostgres(strapi)) return;
    const t = names();
    const now = new Date();
    await trx(t.summaries)
      .insert(keys.map((key) => ({ conversation_key: key, message_count: 0, unread_count: 0, failed_count: 0, created_at: now, updated_at: now })))
      .onConflict('conversation_key')
      .ignore();
    await trx(t.summaries).whereIn('conversation_key', keys).orderBy('conversation_key').forUpdate().select('id');
  }

  /**
   * Recomputes the summaries of these conversations from the log, in the caller's transaction
   * (one of its own otherwise, so a half-done refresh is never seen). `prune: false` for callers
   * whose keys all name conversations that have messages in this transaction (they only added).
   */
  async function refresh(keys: Iterable<string | null | undefined>, { prune: pruneEmpty = true } = {}): Promise<void> {
    const unique = [...new Set([...keys].filter((key): key is string => typeof key === 'string' && key.length > 0))].sort();
    if (unique.length === 0) return;
    await strapi.db.transaction(async () => {
      const trx = await currentTransaction(strapi);
      for (let i = 0; i < unique.length; i += CHUNK) {
        const chunk = unique.slice(i, i + CHUNK);
        await lock(trx, chunk);
        await upsert(trx, chunk);
        if (pruneEmpty) await prune(trx, chunk);
      }
    });
  }

  /** The conversations of these messages (by wamid): for writers that know wamids, not keys. */
  async function keysOfWamids(wamids: string[]): Promise<string[]> {
    const t = names();
    const found = new Set<string>();
    const unique = [...new Set(wamids.filter((w) => typeof w === 'string' && w))];
    const trx = await currentTransaction(strapi);
    for (let i = 0; i < unique.length; i += CHUNK) {
      const rows: any[] = await trx(t.messages).whereIn('wamid', unique.slice(i, i + CHUNK)).whereNotNull('conversation_key').distinct('conversation_key');
      for (const row of rows) found.add(row.conversation_key);
    }
    return [...found];
  }

  /** The conversations of these messages (by id), e.g. read before they are deleted. */
  async function keysOfMessages(ids: number[]): Promise<string[]> {
    const t = names();
    const found = new Set<string>();
    const trx = await currentTransaction(strapi);
    for (let i = 0; i < ids.length; i += CHUNK) {
      const rows: any[] = await trx(t.messages).whereIn('id', ids.slice(i, i + CHUNK)).whereNotNull('conversation_key').distinct('conversation_key');
      for (const row of rows) found.add(row.conversation_key);
    }
    return [...found];
  }

  /**
   * After `messages` webhooks (one event's payload, or every payload of a batch: one call per
   * batch keeps the rows' locks in one key order): the conversations of their new messages and of
   * the statuses that may change a failed count (a message that is failed now, or in a
   * conversation that had failed messages: a later `delivered` can undo a `failed`). Other
   * statuses (ticks) change nothing here: the list reads the last message's ticks from the message.
   */
  async function refreshAfterWebhooks(payloads: unknown[]): Promise<void> {
    const messageIds: string[] = [];
    const statusIds: string[] = [];
    for (const payload of payloads) {
      const entries = (payload as any)?.entry;
      for (const entry of Array.isArray(entries) ? entries : []) {
        for (const change of Array.isArray(entry?.changes) ? entry.changes : []) {
          const value = change?.field === 'messages' ? change.value : undefined;
          for (const m of Array.isArray(value?.messages) ? value.messages : []) if (typeof m?.id === 'string') messageIds.push(m.id);
          for (const s of Array.isArray(value?.statuses) ? value.statuses : []) if (typeof s?.id === 'string') statusIds.push(s.id);
        }
      }
    }
    // One query per chunk for both: the messages' conversations, and those of the statuses that
    // may change a failed count.
    const t = names();
    const trx = await currentTransaction(strapi);
    const keys = new Set<string>();
    const messages = [...new Set(messageIds)];
    const statuses = [...new Set(statusIds)];
    for (let i = 0, j = 0; i < messages.length || j < statuses.length; i += CHUNK, j += CHUNK) {
      const messageChunk = messages.slice(i, i + CHUNK);
      const statusChunk = statuses.slice(j, j + CHUNK);
      const rows: any[] = await trx(`${t.messages} as m`)
        .leftJoin(`${t.summaries} as s`, 's.conversation_key', 'm.conversation_key')
        .whereNotNull('m.conversation_key')
        .where((w) => {
          if (messageChunk.length) w.whereIn('m.wamid', messageChunk);
          if (statusChunk.length)
            w.orWhere((q) =>
              q.whereIn('m.wamid', statusChunk).where((f) => f.where('m.delivery_status', 'failed').orWhere('s.failed_count', '>', 0))
            );
        })
        .distinct('m.conversation_key as conversation_key');
      for (const row of rows) keys.add(row.conversation_key);
    }
    // Webhooks only add messages: every key found names a conversation with messages, so there
    // is no empty row to prune.
    await refresh(keys, { prune: false });
  }

  /** Every conversation recomputed (the backfill): one upsert over the log, then the orphans. */
  async function refreshAll(): Promise<void> {
    // PostgreSQL: fresh statistics first. On tables bulk-loaded (an import, a restore) and not yet
    // analysed, PostgreSQL plans for empty tables and picks nested loops that never end; tables
    // that are empty (a new database) are left alone (core/table-statistics.ts).
    if (isPostgres(strapi)) await analyzeStaleTables(strapi);
    await strapi.db.transaction(async () => {
      const trx = await currentTransaction(strapi);
      await upsert(trx, null);
      await prune(trx, null);
    });
  }

  /**
   * At boot: the full backfill once per database (and again when SUMMARIES_VERSION changes);
   * otherwise a catch-up of the conversations with messages newer than any summary (rows written
   * by an import or a version without summaries). Safe to run on several instances at once.
   */
  async function backfillIfNeeded(): Promise<'backfilled' | 'caught-up'> {
    const store = strapi.store(STORE_KEY);
    const stored = (await store.get({})) as { version?: number } | null;
    if (stored?.version !== SUMMARIES_VERSION) {
      const started = Date.now();
      await refreshAll();
      await store.set({ value: { version: SUMMARIES_VERSION, at: new Date().toISOString() } });
      strapi.log.info(`[whatsapp] conversation summaries recomputed from the comms log in ${Date.now() - started} ms`);
      return 'backfilled';
    }
    const t = names();
    const db = strapi.db.connection;
    const [row] = await db(t.summaries).max({ last: 'last_message_id' });
    const newer: any[] = await db(t.messages)
      .where('id', '>', Number((row as any)?.last ?? 0))
      .whereNotNull('conversation_key')
      .distinct('conversation_key');
    await refresh(newer.map((r) => r.conversation_key));
    return 'caught-up';
  }

  return { refresh, refreshAfterWebhooks, refreshAll, keysOfWamids, keysOfMessages, backfillIfNeeded };
};

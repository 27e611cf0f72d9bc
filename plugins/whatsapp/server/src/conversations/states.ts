import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Knex } from 'knex';
import {
  REOPENED_BY_CUSTOMER,
  CONVERSATION_STATES,
  type AssigneeCounts,
  type ConversationState,
  type ConversationStatus,
  type StateCounts,
  type StreamConversationUpdated,
  type UserRef,
} from '../../../shared/contracts/conversations-team';
import type { ListConversations } from '../../../shared/contracts/conversations';
import { ACTIONS } from '../../../shared/permissions';
import { UID } from '../../../shared/uids';
import { afterCommit, currentTransaction, linkTableOf, newDocumentId, tableOf } from '../core/db';
import { getService } from '../core/get-service';
import { lockRow } from '../core/row-lock';
import { adminUserName } from '../core/admin-user-name';

/**
 * The team's side of a conversation: its state (open, pending, closed, archived, spam) and its
 * assignee, one small row per conversation in `whatsapp_conversation_states`, keyed by the
 * inbox's `conversationKey`. No row means open and unassigned, so the comms log never needs a
 * backfill and the inbox list only reads rows for the conversations it shows; its filters are
 * semi-joins on this table's (state, key) and (assignee, key) indexes, never a scan of messages.
 *
 * A new message from the customer reopens a closed or archived conversation (not a spam one) and,
 * in a tenant with round-robin on, gives an unassigned conversation to the next member: the
 * service listens to `message.created` on the event bus, which the inbound processor emits after
 * the message is committed.
 */

type User = { id: number; firstname?: string | null; lastname?: string | null; username?: string | null; email?: string | null };

/** Inbound rows that do not reopen a conversation, as they do not count as unread either. */
const NOT_REOPENING = ['reaction', 'system'];

export const displayName = (user?: User | null): string | null =>
  adminUserName(user);

const iso = (value: unknown): string | null => (value ? new Date(value as string).toISOString() : null);

export function toStatus(conversationKey: string, row?: any): ConversationStatus {
  if (!row) {
    return { conversationKey, state: 'open', stateChangedAt: null, stateChangedBy: null, assignee: null, assignedAt: null, assignedBy: null };
  }
  const changedAt = iso(row.stateChangedAt);
  return {
    conversationKey,
    state: row.conversationState ?? 'open',
    stateChangedAt: changedAt,
    stateChangedBy: !changedAt
      ? null
      : row.stateChangedById
        ? { kind: 'user', id: Number(row.stateChangedById), name: row.stateChangedByName ?? null }
        : { kind: 'customer' },
    assignee: row.assigneeId ? { id: Number(row.assigneeId), name: row.assigneeName ?? null } : null,
    assignedAt: row.assigneeId ? iso(row.assignedAt) : null,
    assignedBy: row.assigneeId && row.assignedById ? { id: Number(row.assignedById), name: row.assignedByName ?? null } : null,
  };
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;
  const table = () => tableOf(strapi, UID.conversationState).table;
  const messagesTable = () => tableOf(strapi, UID.message).table;
  let unsubscribe: (() => void) | null = null;

  async function rowsOf(keys: string[]): Promise<Map<string, any>> {
    if (keys.length === 0) return new Map();
    const rows = await strapi.db.query(UID.conversationState).findMany({ where: { conversationKey: { $in: keys } } });
    return new Map(rows.map((row: any) => [row.conversationKey, row]));
  }

  async function statusesOf(keys: string[]): Promise<Map<string, ConversationStatus>> {
    const rows = await rowsOf(keys);
    return new Map(keys.map((key) => [key, toStatus(key, rows.get(key))]));
  }

  /** 404 naming the field when a key has no message (there is no such conversation). */
  async function requireConversations(keys: string[], field = 'conversationKeys'): Promise<void> {
    const unique = [...new Set(keys)];
    const found: any[] = await knex()(messagesTable()).whereIn('conversation_key', unique).distinct('conversation_key');
    const known = new Set(found.map((r) => r.conversation_key));
    const missing = keys.findIndex((key) => !known.has(key));
    if (missing >= 0) {
      const at = field === 'conversationKey' ? field : `${field}.${missing}`;
      throw new errors.NotFoundError(`${at}: no conversation ${keys[missing]}`);
    }
  }

  /** Creates the missing rows (open, unassigned); concurrent creators meet on the unique key. */
  async function ensureRows(trx: Knex, keys: string[]) {
    const now = new Date();
    await trx(table())
      .insert(keys.map((key) => ({ document_id: newDocumentId(), conversation_key: key, conversation_state: 'open', created_at: now, updated_at: now })))
      .onConflict('conversation_key')
      .ignore();
  }

  function announce(change: StreamConversationUpdated['change'], conversations: ConversationStatus[], by: UserRef | null) {
    if (conversations.length === 0) return;
    const payload: StreamConversationUpdated = { change, conversations, by };
    afterCommit(strapi, () => getService(strapi, 'stream').broadcast('conversation.updated', payload));
  }

  /** Moves conversations to a state (one or a bulk action). Setting the state they are in changes nothing. */
  async function setState(keys: string[], state: ConversationState, user: User) {
    const unique = [...new Set(keys)];
    await requireConversations(keys);
    const changed: string[] = [];
    await strapi.db.transaction(async () => {
      const trx = await currentTransaction(strapi);
      await ensureRows(trx, unique);
      const now = new Date();
      // Read then write in the transaction (no UPDATE … RETURNING: MySQL has none); `changed` only decides what is announced.
      const moving: any[] = await trx(table()).whereIn('conversation_key', unique).whereNot('conversation_state', state).select('conversation_key');
      changed.push(...moving.map((r) => r.conversation_key));
      if (changed.length) {
        await trx(table())
          .whereIn('conversation_key', changed)
          .update({ conversation_state: state, state_changed_at: now, state_changed_by_id: user.id, state_changed_by_name: displayName(user), updated_at: now });
      }
    });
    const statuses = await statusesOf(unique);
    const by = { id: user.id, name: displayName(user) };
    announce('state', changed.map((key) => statuses.get(key)!), by);
    return { conversations: unique.map((key) => statuses.get(key)!), changed };
  }

  /** Whether an admin user may be given conversations: active, not blocked, allowed to read messages. */
  async function canReadMessages(user: any): Promise<boolean> {
    if (!user || !user.isActive || user.blocked) return false;
    const ability = await strapi.service('admin::permission').engine.generateUserAbility(user);
    return ability.can(ACTIONS.messagesRead);
  }

  /** The tenants of these conversations (a conversation's messages share its number's tenant); null for none. */
  async function tenantsOf(keys: string[]): Promise<Array<{ id: number; name: string; memberIds: number[] } | null>> {
    if (keys.length === 0) return [];
    const link = linkTableOf(strapi, UID.message, 'tenant');
    const rows: any[] = await knex()(`${messagesTable()} as m`)
      .leftJoin(`${link.table} as l`, `l.${link.ownerColumn}`, 'm.id')
      .whereIn('m.conversation_key', keys)
      .distinct(`l.${link.targetColumn} as tenant_id`);
    const ids = rows.map((row) => row.tenant_id).filter((id) => id != null).map(Number);
    const tenants = ids.length ? await strapi.db.query(UID.tenant).findMany({ where: { id: { $in: ids } }, select: ['id', 'name'], populate: { members: { select: ['id'] } } }) : [];
    const result: Array<{ id: number; name: string; memberIds: number[] } | null> = tenants.map((t: any) => ({ id: t.id, name: t.name, memberIds: (t.members ?? []).map((m: any) => m.id) }));
    if (rows.some((row) => row.tenant_id == null)) result.push(null);
    return result;
  }

  /**
   * Why `user` may not be given a conversation of these tenants, or null when they may: a tenant
   * with members gives its conversations to its members only, and a user whose role is scoped to
   * their tenants (docs/tenancy.md) only gets conversations they can see.
   */
  async function refusalFor(user: any, tenants: Array<{ id: number; name: string; memberIds: number[] } | null>): Promise<string | null> {
    const scope = await getService(strapi, 'tenancy').scopeFor(user, ACTIONS.messagesRead);
    for (const tenant of tenants) {
      if (tenant && tenant.memberIds.length > 0 && !tenant.memberIds.includes(user.id)) return `${displayName(user) ?? user.id} is not a member of "${tenant.name}"`;
      if (!getService(strapi, 'tenancy').covers(scope, tenant?.id)) return `${displayName(user) ?? user.id} may not see ${tenant ? `"${tenant.name}"'s` : 'these'} conversations`;
    }
    return null;
  }

  /** Users a conversation may be given to: active, allowed to read messages, and (with a conversation key) eligible for its tenant. */
  async function assignees(conversationKey?: string): Promise<UserRef[]> {
    const users = await strapi.db.query('admin::user').findMany({
      where: { isActive: true, blocked: false },
      populate: { roles: true },
      orderBy: [{ firstname: 'asc' }, { id: 'asc' }],
    });
    const tenants = conversationKey ? await tenantsOf([conversationKey]) : [];
    const allowed: UserRef[] = [];
    for (const user of users) {
      if (!(await canReadMessages(user))) continue;
      if (conversationKey && (await refusalFor(user, tenants))) continue;
      allowed.push({ id: user.id, name: displayName(user) });
    }
    return allowed;
  }

  /** Assigns conversations to an admin user allowed to read them, or unassigns them (null). */
  async function assign(keys: string[], assigneeId: number | null, user: User) {
    const unique = [...new Set(keys)];
    let assignee: any = null;
    if (assigneeId !== null) {
      assignee = await strapi.db.query('admin::user').findOne({ where: { id: assigneeId }, populate: { roles: true } });
      if (!assignee) throw new errors.ValidationError(`assigneeId: no admin user ${assigneeId}`);
      if (!(await canReadMessages(assignee))) {
        throw new errors.ValidationError(`assigneeId: ${displayName(assignee) ?? assigneeId} may not read WhatsApp conversations (active users with "Read conversations and timelines" only)`);
      }
    }
    await requireConversations(keys);
    if (assignee) {
      const refusal = await refusalFor(assignee, await tenantsOf(unique));
      if (refusal) throw new errors.ValidationError(`assigneeId: ${refusal}`);
    }
    const changed: string[] = [];
    await strapi.db.transaction(async () => {
      const trx = await currentTransaction(strapi);
      await ensureRows(trx, unique);
      const now = new Date();
      const query = trx(table()).whereIn('conversation_key', unique).select('conversation_key');
      if (assigneeId === null) query.whereNotNull('assignee_id');
      else query.where((w) => w.whereNull('assignee_id').orWhereNot('assignee_id', assigneeId));
      changed.push(...((await query) as any[]).map((r) => r.conversation_key));
      if (changed.length === 0) return;
      await trx(table()).whereIn('conversation_key', changed).update(
        {
          assignee_id: assigneeId,
          assignee_name: assignee ? displayName(assignee) : null,
          assigned_at: assigneeId === null ? null : now,
          assigned_by_id: assigneeId === null ? null : user.id,
          assigned_by_name: assigneeId === null ? null : displayName(user),
          updated_at: now,
        }
      );
    });
    const statuses = await statusesOf(unique);
    announce('assignment', changed.map((key) => statuses.get(key)!), { id: user.id, name: displayName(user) });
    return { conversations: unique.map((key) => statuses.get(key)!), changed };
  }

  async function status(conversationKey: string): Promise<ConversationStatus> {
    await requireConversations([conversationKey], 'conversationKey');
    return (await statusesOf([conversationKey])).get(conversationKey)!;
  }

  /**
   * The reopen rule: a closed or archived conversation becomes open again when the customer
   * writes. One conditional UPDATE, so two instances handling the same event (or two messages at
   * once) reopen it once; a spam or pending conversation is left as it is. Takes many keys at
   * once (a processed batch of webhooks); answers those it reopened.
   */
  async function reopenManyOnInbound(conversationKeys: string[]): Promise<string[]> {
    const keys = [...new Set(conversationKeys)];
    if (!keys.length) return [];
    const now = new Date();
    const reopened: string[] = [];
    for (let i = 0; i < keys.length; i += 500) {
      const rows = await knex()(table())
        .whereIn('conversation_key', keys.slice(i, i + 500))
        .whereIn('conversation_state', REOPENED_BY_CUSTOMER as string[])
        .update({ conversation_state: 'open', state_changed_at: now, state_changed_by_id: null, state_changed_by_name: null, updated_at: now })
        .returning('conversation_key');
      for (const row of rows as any[]) reopened.push(typeof row === 'string' ? row : row.conversation_key);
    }
    if (reopened.length) {
      const statuses = await statusesOf(reopened);
      announce('state', reopened.map((key) => statuses.get(key)!), null);
    }
    return reopened;
  }

  async function reopenOnInbound(conversationKey: string): Promise<boolean> {
    return (await reopenManyOnInbound([conversationKey])).length > 0;
  }

  /**
   * Round-robin (the tenant's `autoAssign`, off by default): a customer's message in an unassigned
   * conversation goes to the member after the one who had the last turn, among the tenant's
   * members allowed to read conversations (in id order, wrapping). The tenant row is locked while
   * the turn is taken, so two messages at once (or two instances) give the turn to two members in
   * order; a conversation that has an assignee by then, or is spam, is left alone.
   */
  async function autoAssignOnInbound(conversationKey: string, tenantId: number): Promise<UserRef | null> {
    const tenant = await strapi.db.query(UID.tenant).findOne({ where: { id: tenantId }, populate: { members: { populate: { roles: true } } } });
    if (!tenant?.autoAssign) return null;
    const current = await knex()(table()).where('conversation_key', conversationKey).first('assignee_id', 'conversation_state');
    if (current?.assignee_id || current?.conversation_state === 'spam') return null;
    const eligible: any[] = [];
    for (const member of [...(tenant.members ?? [])].sort((a: any, b: any) => a.id - b.id)) {
      if (await canReadMessages(member)) eligible.push(member);
    }
    if (eligible.length === 0) return null;

    let picked: any = null;
    await strapi.db.transaction(async () => {
      const trx = await currentTransaction(strapi);
      await lockRow(strapi, UID.tenant, { id: tenantId });
      const { autoAssignCursor } = await strapi.db.query(UID.tenant).findOne({ where: { id: tenantId }, select: ['autoAssignCursor'] });
      const next = eligible.find((member) => member.id > (autoAssignCursor ?? 0)) ?? eligible[0];
      await ensureRows(trx, [conversationKey]);
      const now = new Date();
      const assigned = await trx(table())
        .where('conversation_key', conversationKey)
        .whereNull('assignee_id')
        .whereNot('conversation_state', 'spam')
        .update({ assignee_id: next.id, assignee_name: displayName(next), assigned_at: now, assigned_by_id: null, assigned_by_name: null, updated_at: now });
      if (!assigned) return;
      await strapi.db.query(UID.tenant).update({ where: { id: tenantId }, data: { autoAssignCursor: next.id } });
      picked = next;
    });
    if (!picked) return null;
    announce('assignment', [(await statusesOf([conversationKey])).get(conversationKey)!], null);
    return { id: picked.id, name: displayName(picked) };
  }

  type ListQuery = ReturnType<typeof ListConversations.query.parse>;

  const assigneeIdOf = (query: ListQuery, userId: number | null): number | 'none' | null => {
    if (!query.assignee) return null;
    if (query.assignee === 'none') return 'none';
    if (query.assignee === 'me') return userId ?? -1;
    return Number(query.assignee);
  };

  /**
   * The state and the assignee of the conversation in `keyColumn`, as scalar subqueries: one probe
   * of the unique key per conversation the list looks at (no row means open and unassigned). A
   * join or an anti-join would make PostgreSQL hash the whole table for every request.
   */
  const stateOf = (keyColumn: string) => `coalesce((select cs.conversation_state from ${table()} cs where cs.conversation_key = ${keyColumn}), 'open')`;
  const assigneeOf = (keyColumn: string) => `(select cs.assignee_id from ${table()} cs where cs.conversation_key = ${keyColumn})`;

  /** Restricts the inbox's query (one row per conversation, its key in `keyColumn`) to a state. */
  function whereState(conversations: Knex.QueryBuilder, state: string | undefined, keyColumn: string) {
    if (!state || state === 'all') return;
    conversations.whereRaw(`${stateOf(keyColumn)} = ?`, [state]);
  }

  function whereAssignee(conversations: Knex.QueryBuilder, assignee: number | 'none' | null, keyColumn: string) {
    if (assignee === null) return;
    if (assignee === 'none') conversations.whereRaw(`${assigneeOf(keyColumn)} is null`);
    else conversations.whereRaw(`${assigneeOf(keyColumn)} = ?`, [assignee]);
  }

  /** Applies the state and assignee filters to the inbox list's query (one row per conversation, its key in `keyColumn`). */
  function filterList(conversations: Knex.QueryBuilder, query: ListQuery, userId: number | null, keyColumn: string): void {
    const assignee = assigneeIdOf(query, userId);
    whereState(conversations, query.state, keyColumn);
    whereAssignee(conversations, assignee, keyColumn);
  }

  /**
   * Counts the conversations of the inbox list's query before its state and assignee filters
   * (`base`, selecting `conversation_key`) per state and per assignee (one grouped count, the state and
   * assignee of each read by key). `total` is the number of conversations the filtered list has: the count of its
   * state (or of all states) under the assignee filter, which is exactly what filterList selects.
   */
  async function countList(base: Knex.QueryBuilder, query: ListQuery, userId: number | null): Promise<{ stateCounts: StateCounts; assigneeCounts: AssigneeCounts; total: number }> {
    const db = knex();
    const assignee = assigneeIdOf(query, userId);

    const perConversation = db
      .from(base.as('g'))
      .select('g.conversation_key')
      .select(db.raw(`${stateOf('g.conversation_key')} as state`))
      .select(db.raw(`${assigneeOf('g.conversation_key')} as assignee_id`));
    const rows: any[] = await db
      .from(perConversation.as('c'))
      .groupBy('c.state')
      .select('c.state as state')
      .select(db.raw('count(*) as total'))
      .select(db.raw('sum(case when c.assignee_id = ? then 1 else 0 end) as mine', [userId ?? -1]))
      .select(db.raw('sum(case when c.assignee_id is null then 1 else 0 end) as unassigned'))
      .select(db.raw('sum(case when c.assignee_id = ? then 1 else 0 end) as picked', [typeof assignee === 'number' ? assignee : -1]));

    const stateCounts = Object.fromEntries(CONVERSATION_STATES.map((s) => [s, 0])) as StateCounts;
    const assigneeCounts: AssigneeCounts = { mine: 0, unassigned: 0, all: 0 };
    for (const row of rows) {
      const state = row.state as ConversationState;
      const n = (v: unknown) => Number(v ?? 0);
      stateCounts[state] = assignee === null ? n(row.total) : assignee === 'none' ? n(row.unassigned) : n(row.picked);
      if (!query.state || query.state === 'all' || query.state === state) {
        assigneeCounts.mine += n(row.mine);
        assigneeCounts.unassigned += n(row.unassigned);
        assigneeCounts.all += n(row.total);
      }
    }
    const total = !query.state || query.state === 'all' ? CONVERSATION_STATES.reduce((sum, s) => sum + stateCounts[s], 0) : (stateCounts[query.state as ConversationState] ?? 0);
    return { stateCounts, assigneeCounts, total };
  }

  return {
    statusesOf,
    setState,
    assign,
    assignees,
    status,
    reopenOnInbound,
    reopenManyOnInbound,
    autoAssignOnInbound,
    filterList,
    countList,
    requireConversations,

    /**
     * Subscribes to the event bus (bootstrap): new inbound messages reopen (and may assign) their
     * conversation. The messages a processed batch announces together (one commit, one turn of
     * the event loop) reopen their conversations in one UPDATE, then assign in order.
     */
    start() {
      if (unsubscribe) return;
      let queued: { conversationKey: string; tenantId?: number | null }[] | null = null;
      const work = async (events: { conversationKey: string; tenantId?: number | null }[]) => {
        await reopenManyOnInbound(events.map((event) => event.conversationKey));
        for (const event of events) if (event.tenantId) await autoAssignOnInbound(event.conversationKey, event.tenantId);
      };
      unsubscribe = getService(strapi, 'events').on('message.created', (event) => {
        if (event.direction !== 'inbound' || !event.conversationKey || NOT_REOPENING.includes(event.type ?? '')) return;
        if (!queued) {
          queued = [];
          setImmediate(() => {
            const events = queued!;
            queued = null;
            work(events).catch((error) => strapi.log.error(`[whatsapp] message.created listener failed: ${(error as Error).message}`));
          });
        }
        queued.push({ conversationKey: event.conversationKey, tenantId: event.tenantId });
      });
    },

    stop() {
      unsubscribe?.();
      unsubscribe = null;
    },
  };
};

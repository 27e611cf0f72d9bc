import os from 'os';
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { UID } from '../../../shared/uids';
import { currentTransaction, isPostgres, linkTableOf, tableOf, updateRowsById } from '../core/db';
import { getService } from '../core/get-service';
import type { MessagesValue } from './webhook-types';
import { applyBatch, emptyApplied, errorNotes, type ParsedEvent } from './batch-apply';
import type { StatusOutcome } from './statuses';
import { checkPayload, type PayloadNote } from './payload-shape';
import { storableText } from './storable-text';

/**
 * Events claimed per round, applied in order in one transaction, set-based (batch-apply.ts): a
 * batch costs a dozen statements whatever its size, so bigger batches mean fewer statements per
 * event; 200 keeps one batch's transaction (and the row locks its statuses hold) short.
 */
const CLAIM_BATCH = 200;
/**
 * While webhooks keep arriving, the processor pauses after each batch for as long as the batch
 * took (at most MAX_YIELD_MS), i.e. it takes at most half of the time: acknowledging Meta fast
 * matters more than applying a few ms sooner. With a third of the time (factor 2) the backlog
 * grew at 500 events/s (`bench/webhook --lag`, docs/inbound.md#benchmark). With no webhook
 * traffic it runs flat out.
 */
const YIELD_FACTOR = 1;
const MAX_YIELD_MS = 1_000;
/** After this many failed attempts an event stays failed until an admin retries it. */
export const WEBHOOK_MAX_ATTEMPTS = 10;
const SWEEP_INTERVAL_MS = 15_000;

/**
 * A claimed event is leased for `webhookLeaseMs` (2 min by default); if this process dies,
 * another picks it up after. The sweep looks at least twice per lease, so with a lease shortened
 * for a fast takeover an expired one is found within 1.5 leases even when no webhook arrives.
 */
const sweepIntervalFor = (leaseMs: number) => Math.min(SWEEP_INTERVAL_MS, Math.max(500, Math.floor(leaseMs / 2)));
const PRUNE_INTERVAL_MS = 60 * 60_000;

/** 15 s, 30 s, 1 min, … capped at 1 h. */
export function webhookBackoffMs(attempts: number): number {
  return Math.min(15_000 * 2 ** Math.max(0, attempts - 1), 60 * 60_000);
}

export interface EventOutcome {
  messages: { created: number; duplicates: number; skipped: number };
  statuses: Record<StatusOutcome, number>;
  management: { updated: number };
  unroutedPhoneNumberIds: string[];
  notes: string[];
}

interface ClaimedEvent {
  id: number;
  rawBody: string;
  attempts: number;
}

/** What applying an event did: its outcome, tenants, statuses parked and notes on its payload. */
export interface AppliedEvent {
  outcome: EventOutcome;
  tenantIds: Set<number | null>;
  pending: { wamid: string; status: string }[];
  payloadNotes: PayloadNote[];
}

/**
 * Works through the webhook event log: claims due events (pending, failed and due for a retry,
 * or `processing` whose lease expired because a process died), applies every entry and change in
 * order, and marks each processed, unrouted (a phone number id we do not know) or failed (error
 * kept, retried with exponential back-off). Everything it applies is idempotent, so an event
 * processed twice (a crash after applying, before marking) changes nothing the second time.
 *
 * Claims use `FOR UPDATE SKIP LOCKED` on PostgreSQL, so several Strapi instances share the log;
 * SQLite has a single writer. Kicked after each stored POST, at bootstrap, and by a sweep.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  let started = false;
  let loop: Promise<void> | undefined;
  let again = false;
  let sweepTimer: NodeJS.Timeout | undefined;
  let lastPrune = 0;
  const workerId = `${os.hostname()}:${process.pid}`;
  const leaseMs = () => getService(strapi, 'runtime').get().config.webhookLeaseMs;

  const claim = async (): Promise<ClaimedEvent[]> => {
    const { table, column } = tableOf(strapi, UID.webhookEvent);
    const c = {
      id: column('id'),
      status: column('processingStatus'),
      next: column('nextAttemptAt'),
      attempts: column('attempts'),
      raw: column('rawBody'),
      updated: column('updatedAt'),
    };
    const now = new Date();
    const due = (q: Knex.QueryBuilder) =>
      q
        .select(c.id)
        .where(c.status, 'pending')
        .orWhere((w) => w.whereIn(c.status, ['failed', 'processing']).andWhere(c.next, '<=', now))
        .orderBy(c.id, 'asc')
        .limit(CLAIM_BATCH);
    const claimed = {
      [c.status]: 'processing',
      [c.attempts]: strapi.db.connection.raw('?? + 1', [c.attempts]),
      [c.next]: new Date(now.getTime() + leaseMs()),
      [c.updated]: now,
    };
    const toEvent = (row: any): ClaimedEvent => ({ id: row[c.id], rawBody: row[c.raw], attempts: Number(row[c.attempts]) });
    if (isPostgres(strapi)) {
      // One statement, committed on its own: the due rows no other instance holds, leased.
      const db = strapi.db.connection;
      const rows: any[] = await db(table)
        .whereIn(c.id, due(db(table)).forUpdate().skipLocked())
        .update(claimed, [c.id, c.raw, c.attempts]);
      return rows.map(toEvent).sort((a, b) => a.id - b.id);
    }
    return strapi.db.connection.transaction(async (trx) => {
      const ids = (await due(trx(table))).map((row: any) => row[c.id]);
      if (!ids.length) return [];
      await trx(table).whereIn(c.id, ids).update(claimed);
      const rows = await trx(table).select(c.id, c.raw, c.attempts).whereIn(c.id, ids).orderBy(c.id, 'asc');
      return rows.map(toEvent);
    });
  };

  /** One event, change by change, in order: the path for what batch-apply.ts does not batch. */
  const apply = async (event: ParsedEvent): Promise<AppliedEvent> => {
    const applied = emptyApplied();
    const { outcome, tenantIds, pending } = applied;
    // Malformed parts were dropped (and noted) by checkPayload, so they cost only themselves.
    const { payload, notes: payloadNotes } = event.checked;
    applied.payloadNotes = payloadNotes;
    if (payload.object !== undefined && payload.object !== 'whatsapp_business_account') {
      outcome.notes.push(`object ${String(payload.object)} is not a WhatsApp Business Account notification: ignored`);
    }
    const routing = getService(strapi, 'number-routing');
    const management = getService(strapi, 'management-webhooks');

    for (const entry of Array.isArray(payload.entry) ? payload.entry : []) {
      for (const change of Array.isArray(entry?.changes) ? entry.changes : []) {
        const value = change?.value;
        const field = change?.field;
        if (!value || typeof value !== 'object') continue;

        if (field === 'messages') {
          const v = value as MessagesValue;
          const pnid = v.metadata?.phone_number_id ? String(v.metadata.phone_number_id) : undefined;
          const route = await routing.resolve(pnid);
          if (!route) {
            outcome.unroutedPhoneNumberIds.push(pnid ?? '(none)');
            continue;
          }
          tenantIds.add(route.tenant?.id ?? null);
          if (Array.isArray(v.messages) && v.messages.length) {
            const stored = await getService(strapi, 'inbound-messages').storeFromWebhook(v, route);
            outcome.messages.created += stored.created;
            outcome.messages.duplicates += stored.duplicates;
            outcome.messages.skipped += stored.skipped;
          }
          for (const item of Array.isArray(v.statuses) ? v.statuses : []) {
            const result = await getService(strapi, 'statuses').apply(item, { phoneNumberId: pnid, webhookEventId: event.id });
            outcome.statuses[result] += 1;
            if (result === 'pending') pending.push({ wamid: String(item.id), status: String(item.status) });
          }
          outcome.notes.push(...errorNotes(v));
          continue;
        }

        const account = await routing.accountByWabaId(entry?.id);
        let result: { updated: number; note?: string } | undefined;
        switch (field) {
          case 'message_template_status_update':
            result = await management.templateStatus(value, account?.id);
            break;
          case 'template_category_update':
            result = await management.templateCategory(value, account?.id);
            break;
          case 'message_template_quality_update':
            result = await management.templateQuality(value, account?.id);
            break;
          case 'phone_number_quality_update':
            result = await management.phoneNumberQuality(value, account?.id);
            break;
          case 'user_preferences':
            result = await management.userPreferences(value);
            break;
          default:
            // account_update, account_alerts, …: kept on the event for admins, nothing to apply.
            outcome.notes.push(`${field ?? '(no field)'}${value.event ? ` ${value.event}` : ''}: kept on the event`);
        }
        if (result) {
          outcome.management.updated += result.updated;
          if (result.note) outcome.notes.push(`${field}: ${result.note}`);
        }
      }
    }
    return applied;
  };

  /**
   * Marks applied events processed (or unrouted), with their outcomes and tenant, in three
   * statements whatever their number; runs inside their transaction. Plain knex: Strapi's update
   * would read each whole row (raw body included) back twice.
   */
  const finishMany = async (done: { event: { id: number }; applied: AppliedEvent }[]) => {
    if (!done.length) return;
    const { table, column } = tableOf(strapi, UID.webhookEvent);
    const trx = await currentTransaction(strapi);
    const now = new Date();
    const links: Record<string, number>[] = [];
    const link = linkTableOf(strapi, UID.webhookEvent, 'tenant');
    const rows = done.map(({ event, applied }) => {
      const { outcome, tenantIds, pending, payloadNotes } = applied;
      const unrouted = outcome.unroutedPhoneNumberIds.length > 0;
      const tenants = [...tenantIds];
      if (tenants.length === 1 && tenants[0] !== null) links.push({ [link.ownerColumn]: event.id, [link.targetColumn]: tenants[0] });
      return {
        id: event.id,
        columns: {
          [column('processingStatus')]: unrouted ? 'unrouted' : 'processed',
          [column('processedAt')]: now,
          [column('nextAttemptAt')]: null,
          [column('error')]: unrouted
            ? `Phone number id ${outcome.unroutedPhoneNumberIds.join(', ')} is not known to Strapi: sync the numbers of its account, then retry this event.`
            : null,
          [column('outcome')]: JSON.stringify(outcome),
          [column('pendingStatuses')]: pending.length ? JSON.stringify(pending) : null,
          [column('payloadNotes')]: payloadNotes.length ? JSON.stringify(payloadNotes) : null,
          [column('updatedAt')]: now,
        },
      };
    });
    await updateRowsById(trx, table, rows, column('id'));
    const ids = done.map(({ event }) => event.id);
    for (let i = 0; i < ids.length; i += 500) await trx(link.table).whereIn(link.ownerColumn, ids.slice(i, i + 500)).delete();
    for (let i = 0; i < links.length; i += 500) await trx(link.table).insert(links.slice(i, i + 500));
    for (const { event, applied } of done) {
      const status = applied.outcome.unroutedPhoneNumberIds.length > 0 ? 'unrouted' : 'processed';
      getService(strapi, 'events').emit('webhook.processed', { id: event.id, status });
    }
  };

  /** The inbox rows of the conversations these events changed, in their transaction (inbox/summaries.ts). */
  const refreshSummaries = (events: ParsedEvent[]) =>
    getService(strapi, 'conversation-summaries').refreshAfterWebhooks(events.map((event) => event.checked.payload));

  /** The body parsed and checked; throws SyntaxError for a body that is not JSON. */
  const parse = (event: ClaimedEvent): ParsedEvent => ({ id: event.id, checked: checkPayload(JSON.parse(event.rawBody)) });

  /** One event in its own transaction; a failure is recorded on it and scheduled for a retry. */
  const processOne = async (event: ClaimedEvent) => {
    try {
      await strapi.db.transaction(async () => {
        const parsed = parse(event);
        const applied = await apply(parsed);
        await refreshSummaries([parsed]);
        await finishMany([{ event, applied }]);
      });
    } catch (error) {
      const attempts = event.attempts;
      const last = attempts >= WEBHOOK_MAX_ATTEMPTS || error instanceof SyntaxError;
      // An error's text may quote the payload: without U+0000, or recording it would fail too.
      const message = storableText(
        error instanceof SyntaxError ? `The stored body is not valid JSON: ${error.message}` : (error as Error)?.message ?? String(error)
      );
      strapi.log.error(`[whatsapp] webhook event ${event.id} failed (attempt ${attempts}${last ? ', giving up' : ''}): ${message}`);
      await strapi.db
        .query(UID.webhookEvent)
        .update({
          where: { id: event.id },
          data: {
            processingStatus: 'failed',
            error: message.slice(0, 4000),
            nextAttemptAt: last ? null : new Date(Date.now() + webhookBackoffMs(attempts)),
          },
        })
        .catch((e: Error) => strapi.log.error(`[whatsapp] could not record the failure of webhook event ${event.id}: ${e.message}`));
      getService(strapi, 'events').emit('webhook.processed', { id: event.id, status: 'failed' });
    }
  };

  /**
   * A claimed batch in one transaction, set-based (batch-apply.ts): one commit and a dozen
   * statements for all of it instead of a dozen per event. Notifications and media downloads
   * wait for the commit (afterCommit). A body that is not JSON is left out and failed on its own;
   * if anything else in the batch fails, all of it is rolled back and each event is redone on its
   * own, so only the culprit is marked failed.
   */
  const processBatch = async (claimed: ClaimedEvent[]) => {
    if (claimed.length > 1) {
      const parsed: { event: ClaimedEvent; parsed: ParsedEvent }[] = [];
      const unparsable: ClaimedEvent[] = [];
      for (const event of claimed) {
        try {
          parsed.push({ event, parsed: parse(event) });
        } catch {
          unparsable.push(event);
        }
      }
      try {
        await strapi.db.transaction(async () => {
          const applied = await applyBatch(strapi, parsed.map((p) => p.parsed), apply);
          await refreshSummaries(parsed.map((p) => p.parsed));
          await finishMany(parsed.map(({ event }, i) => ({ event, applied: applied[i] })));
        });
        for (const event of unparsable) await processOne(event);
        return;
      } catch (error) {
        strapi.log.debug(`[whatsapp] a batch of ${claimed.length} webhook events failed (${(error as Error).message}); processing them one by one`);
      }
    }
    for (const event of claimed) {
      if (!started) return; // leased rows are picked up again after the lease
      await processOne(event);
    }
  };

  const drainLog = async () => {
    do {
      again = false;
      for (;;) {
        if (!started) return;
        const claimed = await claim();
        if (!claimed.length) break;
        const ingest = getService(strapi, 'webhook-ingest');
        const storedBefore = ingest.storedCount();
        const startedAt = Date.now();
        await processBatch(claimed);
        if (ingest.storedCount() !== storedBefore) {
          await new Promise((resolve) => setTimeout(resolve, Math.min((Date.now() - startedAt) * YIELD_FACTOR, MAX_YIELD_MS)));
        }
      }
    } while (again && started);
  };

  const prune = async () => {
    const days = getService(strapi, 'runtime').get().config.webhookRetentionDays;
    const cutoff = new Date(Date.now() - days * 24 * 60 * 60_000);
    const { count } = (await strapi.db
      .query(UID.webhookEvent)
      .deleteMany({ where: { processingStatus: 'processed', processedAt: { $lt: cutoff } } })) as { count: number };
    await getService(strapi, 'statuses').prunePending(cutoff);
    if (count) strapi.log.info(`[whatsapp] pruned ${count} processed webhook events older than ${days} days`);
    return count;
  };

  return {
    workerId,

    /** Starts processing: what is already in the log now, then every kick and sweep. */
    start(): void {
      if (started) return;
      started = true;
      sweepTimer = setInterval(() => {
        this.sweep().catch((error) => strapi.log.error(`[whatsapp] webhook sweep failed: ${(error as Error).message}`));
      }, sweepIntervalFor(leaseMs()));
      sweepTimer.unref?.();
      this.sweep().catch((error) => strapi.log.error(`[whatsapp] webhook sweep failed: ${(error as Error).message}`));
    },

    /** Stops after the event in hand; claimed-but-unprocessed events go back after their lease. */
    async stop(): Promise<void> {
      started = false;
      if (sweepTimer) clearInterval(sweepTimer);
      sweepTimer = undefined;
      await loop?.catch(() => undefined);
    },

    isRunning(): boolean {
      return started;
    },

    /** Processes the log now (coalesced: a kick during a run makes the run look again). */
    kick(): Promise<void> {
      if (!started) return Promise.resolve();
      if (loop) {
        again = true;
        return loop;
      }
      loop = drainLog()
        .catch((error) => {
          strapi.log.error(`[whatsapp] webhook processing stopped on an error: ${(error as Error).message}`);
        })
        .finally(() => {
          loop = undefined;
        });
      return loop;
    },

    /** Due events, due media downloads, and (hourly) pruning by `webhookRetentionDays`. */
    async sweep(): Promise<void> {
      await this.kick();
      if (!started) return;
      await getService(strapi, 'media-downloads').sweep();
      if (Date.now() - lastPrune > PRUNE_INTERVAL_MS) {
        lastPrune = Date.now();
        await prune();
      }
    },

    prune,

    /** Resolves when the log has nothing due and no run is under way (tests, shutdown). */
    async idle(): Promise<void> {
      while (loop) await loop;
    },

    /** Puts a failed or unrouted event back in the queue now (admin "retry"). */
    async retry(id: number) {
      const row = await strapi.db.query(UID.webhookEvent).findOne({ select: ['id', 'processingStatus'], where: { id } });
      if (!row) return { found: false as const };
      if (!['failed', 'unrouted'].includes(row.processingStatus)) return { found: true as const, retried: false as const, status: row.processingStatus as string };
      await strapi.db.query(UID.webhookEvent).update({ where: { id }, data: { processingStatus: 'pending', nextAttemptAt: null, error: null } });
      this.kick();
      return { found: true as const, retried: true as const, status: 'pending' };
    },
  };
};

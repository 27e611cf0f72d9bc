import crypto from 'node:crypto';
import os from 'node:os';
import type { Core } from '@strapi/strapi';
import type { GraphClient } from '../core/graph';
import { UID } from '../../../shared/uids';
import { getService } from '../core/get-service';
import { createGroupCommit } from '../core/group-commit';
import { messageEventOf } from '../core/events';
import { createOutboxStore, type AcceptedResult, type ClaimedMessage, type OutboxStore } from './claim';
import { backoffMs, classifySendFailure, classifyUploadFailure, type FailureRecord } from './failures';
import { applyPendingStatuses, emitMessageEvent, notifyMessage } from './hooks';
import { readUploadFile } from './media-files';
import { mediaSlotOf } from './payload';
import { NumberThrottle } from './rate-limit';
import { createPairLedger } from './pair-ledger';
import { createSendLedger } from './send-ledger';

/**
 * The outbox worker: sends queued messages through the Graph API.
 *
 * Delivery guarantee: at most once per attempt, and no silent resend. A row moves to `sending`
 * (one conditional update, only by the worker holding its claim) right before Meta is called,
 * and to `accepted` with Meta's wamid right after. If the process dies in between, or Meta's
 * answer is lost (timeout), nobody knows whether the message went out, so the row goes to
 * `review` and waits for a person; it is never resent on its own. Failures Meta reports as
 * temporary are retried with back-off; permanent ones fail at once with Meta's code and details.
 *
 * One worker per Strapi instance; several instances on one database share the queue safely
 * (claims use SKIP LOCKED on PostgreSQL, see outbound/claim.ts).
 */

/** Rows claimed and not yet finished, per instance: bounds memory and the in-memory wait for tokens. */
const MAX_IN_FLIGHT = 200;
const CLAIM_BATCH = 100;
/** Most rows one group commit writes (moves to `sending`, Meta's answers). */
const WRITE_BATCH = 100;
/**
 * Group commits of one kind running at once: a batch fills while the previous one waits for its
 * commit, without taking every pooled connection.
 */
const WRITES_IN_FLIGHT = 2;
/** While sends are in flight, wait until this many slots are free before claiming again. */
const MIN_CLAIM = 50;
/** How often abandoned `sending` rows are looked for. */
const SWEEP_EVERY_MS = 30_000;
/** Credentials and number settings are re-read after this, so admin changes apply quickly. */
const CACHE_MS = 10_000;

interface CachedSender {
  client: GraphClient;
  throughput: number;
  /** The number's business account (its Marketing Messages API switch is read per send). */
  accountId: number;
}

/** Where a template goes and whether it may go at all, from its category at send time. */
interface TemplateRoute {
  endpoint: 'messages' | 'marketing_messages';
  /** Set when it must not be sent: the customer stopped marketing messages. */
  refusal?: FailureRecord;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const instanceId = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;
  const throttle = new NumberThrottle(createSendLedger(strapi), undefined, (error) =>
    strapi.log.warn(`[whatsapp] outbox: the shared send schedule could not be read or written, sending on this instance's own schedule: ${(error as Error).message}`)
  );
  // The pair rate limit, shared with every instance on the database (pair-ledger.ts).
  const pairs = createPairLedger(strapi, {
    onError: (error) =>
      strapi.log.warn(`[whatsapp] outbox: the shared pair rate limit could not be read or written, keeping it on this instance alone: ${(error as Error).message}`),
  });
  const senders = new Map<string, { value: Promise<CachedSender | undefined>; at: number }>();

  let running = false;
  /** Set by stop(): waiting dispatches give their claim back instead of sending. */
  let stopping = false;
  let loop: Promise<void> | undefined;
  let inFlight = 0;
  const active = new Set<Promise<void>>();
  /** The last dispatch of each conversation in flight, to chain the next one after it. */
  const conversations = new Map<string, Promise<void>>();
  let wakeUp: (() => void) | undefined;
  let lastSweep = 0;
  let claims = 0;
  /** Rows this instance claimed and has not finished, with their claim tokens: renewed while they wait. */
  const held = new Map<number, string>();
  let renewTimer: NodeJS.Timeout | undefined;

  const config = () => getService(strapi, 'runtime').get().config;
  const messages = () => strapi.db.query(UID.message);
  let storeInstance: OutboxStore | undefined;
  /** Built on first use: the database metadata it reads exists only after Strapi loaded. */
  const store = () => (storeInstance ??= createOutboxStore(strapi, { leaseMs: config().outboxLeaseMs }));

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        if (wakeUp === done) wakeUp = undefined;
        resolve();
      }
      wakeUp = done;
    });

  const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

  /**
   * The Graph client and throughput of a sender number, cached briefly. The promise is cached, so
   * a batch of messages for one number looks it up once, not once per message.
   */
  function senderFor(phoneNumberId: string): Promise<CachedSender | undefined> {
    const cached = senders.get(phoneNumberId);
    if (cached && Date.now() - cached.at < CACHE_MS) return cached.value;
    const value = (async () => {
      const accounts = getService(strapi, 'accounts');
      const credentials = await accounts.credentialsForPhoneNumber(phoneNumberId);
      if (!credentials) return undefined;
      const number = await strapi.db.query(UID.phoneNumber).findOne({ where: { phoneNumberId }, select: ['throughputPerSecond'] });
      return {
        client: accounts.graphClient(credentials),
        throughput: number?.throughputPerSecond || config().defaultThroughput,
        accountId: credentials.accountId,
      };
    })();
    senders.set(phoneNumberId, { value, at: Date.now() });
    value.catch(() => senders.delete(phoneNumberId));
    return value;
  }

  /** Tells listeners a claimed row changed status, from what the worker holds (no read). */
  const publish = (row: ClaimedMessage, status: string, wamid: string | null = null) =>
    emitMessageEvent(
      strapi,
      'message.updated',
      messageEventOf(
        { id: row.id, documentId: row.documentId, direction: 'outbound', deliveryStatus: status, type: row.type, conversationKey: row.conversationKey, tenant: row.tenantId, customer: row.customerId, wamid },
        'status'
      )
    );

  /** After a failed attempt: back to the queue with a back-off, or failed/review for good. */
  async function recordFailure(row: ClaimedMessage, token: string, failure: FailureRecord, attempts: number): Promise<void> {
    const error = { errorCode: failure.code, errorTitle: failure.title, errorDetails: failure.details };
    const maxAttempts = row.maxAttempts ?? config().outboxMaxAttempts;
    let status: 'queued' | 'review' | 'failed';
    let written: boolean;
    if (failure.decision === 'retry' && attempts < maxAttempts) {
      const delay = backoffMs(attempts, failure);
      if (failure.code === 130429) throttle.pause(row.businessPhoneNumberId, Math.max(1000, (failure.retryAfterSeconds ?? 1) * 1000));
      status = 'queued';
      written = await store().markOutcome(row.id, token, { status, nextAttemptAt: new Date(Date.now() + delay), ...error });
    } else if (failure.decision === 'review') {
      status = 'review';
      written = await store().markOutcome(row.id, token, { status, ...error });
    } else {
      const exhausted = failure.decision === 'retry';
      status = 'failed';
      written = await store().markOutcome(row.id, token, {
        status,
        ...error,
        errorDetails: exhausted ? `${failure.details ?? failure.title} (gave up after ${attempts} attempts)` : failure.details,
      });
    }
    // The inbox's failed count of the conversation (inbox/summaries.ts).
    if (written && status === 'failed') await getService(strapi, 'conversation-summaries').refresh([row.conversationKey]);
    // A worker that lost its claim (lease taken over) leaves the row to its new holder.
    if (written) publish(row, status);
    else strapi.log.warn(`[whatsapp] message ${row.id}: outcome of a stale attempt not recorded, another worker holds it now`);
  }

  /** Uploads the message's Strapi file to Meta once; the id is kept so a retry does not upload again. */
  async function uploadMediaIfNeeded(row: ClaimedMessage, client: GraphClient): Promise<Record<string, any>> {
    const payload = row.payload;
    const slot = mediaSlotOf(payload);
    if (!slot) return payload;
    if (row.mediaId) {
      slot.id = row.mediaId;
      return payload;
    }
    const withFile = await messages().findOne({ where: { id: row.id }, select: ['id'], populate: { media: true } });
    if (!withFile?.media) throw new Error('the message needs a media file, but the file was deleted from the media library');
    const data = await readUploadFile(strapi, withFile.media);
    const { id } = await client.uploadMedia(row.businessPhoneNumberId, {
      data,
      mimeType: String(withFile.media.mime).split(';')[0],
      filename: withFile.media.name,
    });
    slot.id = id;
    await messages().update({ where: { id: row.id }, data: { mediaId: id, payload } });
    return payload;
  }

  /** Template usage, counted in memory and written once per batch. */
  const usage = new Map<number, number>();
  let flushing: Promise<void> = Promise.resolve();
  /** Writes the counts gathered so far; resolves after every earlier flush too. */
  function flushUsage(): Promise<void> {
    flushing = flushing.then(async () => {
      if (usage.size === 0) return;
      const counts = new Map(usage);
      usage.clear();
      await store().addTemplateUsage(counts).catch((error) => strapi.log.warn(`[whatsapp] template usage not counted: ${(error as Error).message}`));
    });
    return flushing;
  }

  /**
   * A template's route, decided on its category now, not when it was queued: Meta recategorises
   * templates (template_category_update), and a customer may have stopped marketing messages
   * since (STOP, user_preferences). MARKETING goes to /marketing_messages when the account is
   * onboarded to the Marketing Messages API; everything else, and every other account, to
   * /messages. A MARKETING template to a customer who opted out of marketing is not sent on
   * either route.
   */
  async function templateRoute(row: ClaimedMessage, sender: CachedSender): Promise<TemplateRoute> {
    const template = row.template;
    if (template?.category !== 'MARKETING') return { endpoint: 'messages' };
    // Read now, not cached: switching the account on or off applies to the next send.
    const account = await strapi.db.query(UID.businessAccount).findOne({ where: { id: sender.accountId }, select: ['marketingMessagesEnabled'] });
    const endpoint = account?.marketingMessagesEnabled ? 'marketing_messages' : 'messages';
    const customer = row.customerId
      ? await strapi.db.query(UID.customer).findOne({ where: { id: row.customerId }, select: ['marketingOptOut'] })
      : null;
    if (customer?.marketingOptOut) {
      return {
        endpoint,
        refusal: {
          decision: 'fail',
          code: null,
          title: 'The customer opted out of marketing messages',
          details: `"${template.name}" (${template.language}) is a MARKETING template and the customer stopped marketing messages before it was sent; nothing was sent to WhatsApp.`,
        },
      };
    }
    return { endpoint };
  }

  async function dispatch(row: ClaimedMessage, token: string): Promise<void> {
    const phoneNumberId = row.businessPhoneNumberId;
    const sender = await senderFor(phoneNumberId);
    if (!sender) {
      await recordFailure(row, token, { decision: 'fail', code: null, title: 'No credentials for the sender number', details: `The account of the number ${phoneNumberId} has no access token.` }, row.attempts);
      return;
    }

    const route = await templateRoute(row, sender);
    if (route.refusal) {
      await recordFailure(row, token, route.refusal, row.attempts);
      return;
    }

    // Pair rate limit: over it, the row waits in the database, not in memory, and no attempt is used.
    // Per recipient: the conversation key is `${phoneNumberId}:${waId || BSUID}`.
    const pairWait = await pairs.tryTake(row.conversationKey ?? `${phoneNumberId}:${row.customerWaId}`);
    if (pairWait > 0) {
      await store().release(row.id, token, new Date(Date.now() + pairWait));
      return;
    }

    let payload: Record<string, any>;
    try {
      payload = await uploadMediaIfNeeded(row, sender.client);
    } catch (error) {
      await recordFailure(row, token, classifyUploadFailure(error), row.attempts);
      return;
    }

    const wait = await throttle.reserve(phoneNumberId, sender.throughput);
    if (wait > 0) await pause(wait);
    if (stopping) {
      await store().release(row.id, token);
      return;
    }

    const attempts = row.attempts + 1;
    if (!(await sendingWrites.add({ id: row.id, token, attempts }))) return; // another worker took it over

    let result;
    try {
      result =
        route.endpoint === 'marketing_messages'
          ? await sender.client.sendMarketingMessage(phoneNumberId, payload as any)
          : await sender.client.sendMessage(phoneNumberId, payload as any);
    } catch (error) {
      await recordFailure(row, token, classifySendFailure(error), attempts);
      return;
    }

    // Meta accepted the message. If storing this fails the row stays `sending` and the orphan
    // sweep moves it to `review`: it is never sent twice.
    await acceptedWrites.add({ row, result });
    if (row.templateId) usage.set(row.templateId, (usage.get(row.templateId) ?? 0) + 1);
  }

  /**
   * Rows move to `sending` in group commits: each waits for its own slot on the number's
   * throughput first, so a row is only marked when its request is about to leave, and rows whose
   * slots come close together share one commit.
   */
  const sendingWrites = createGroupCommit<{ id: number; token: string; attempts: number }, boolean>(
    (items) => store().markSendingMany(items),
    { maxBatch: WRITE_BATCH, maxInFlight: WRITES_IN_FLIGHT }
  );

  /**
   * Meta's answers are written in group commits too: a send resolves once its row is stored.
   * Then listeners are told, and status webhooks that raced the send (parked because the wamid
   * was not stored yet) are applied.
   */
  const acceptedWrites = createGroupCommit<{ row: ClaimedMessage; result: AcceptedResult }>(
    async (batch) => {
      await store().markAcceptedMany(batch.map(({ row, result }) => ({ id: row.id, result })));
      for (const { row, result } of batch) publish(row, 'accepted', result.wamid);
      try {
        const early = new Set(await store().wamidsWithPendingStatuses(batch.map((item) => item.result.wamid)));
        for (const { result } of batch) if (early.has(result.wamid)) await applyPendingStatuses(strapi, result.wamid);
      } catch (error) {
        strapi.log.warn(`[whatsapp] outbox: after-send steps failed: ${(error as Error).message}`);
      }
    },
    { maxBatch: WRITE_BATCH, maxInFlight: WRITES_IN_FLIGHT }
  );

  /**
   * Renews the claims held, three times per lease, while any are held: a claimed row may wait
   * longer than the lease for its number's throughput (200 rows at 1 msg/s), and an expired claim
   * of a live worker would be claimed again, by another instance or by this one.
   */
  function keepClaims(): void {
    if (renewTimer) return;
    renewTimer = setInterval(() => {
      if (held.size === 0) {
        clearInterval(renewTimer);
        renewTimer = undefined;
        return;
      }
      const items = [...held].map(([id, token]) => ({ id, token }));
      store()
        .renewClaims(items)
        .catch((error) => strapi.log.warn(`[whatsapp] outbox: claims not renewed (another instance may take them over after the lease): ${(error as Error).message}`));
    }, Math.max(250, Math.floor(config().outboxLeaseMs / 3)));
    renewTimer.unref?.();
  }

  function track(promise: Promise<void>): Promise<void> {
    active.add(promise);
    return promise.finally(() => {
      active.delete(promise);
      inFlight -= 1;
      wakeUp?.();
    });
  }

  /**
   * Claims up to `limit` due rows and starts sending them; returns the started dispatches.
   * Messages of one conversation are chained, so a customer receives them in the order they
   * were queued (different conversations go in parallel).
   */
  async function claimAndDispatch(limit: number): Promise<Promise<void>[]> {
    claims += 1;
    const token = `${instanceId}:${claims}`;
    const claimed = await store().claimDue(token, limit);
    for (const row of claimed) held.set(row.id, token);
    if (claimed.length > 0) keepClaims();
    const jobs = claimed.map((row) => {
      inFlight += 1;
      const key = row.conversationKey ?? `message:${row.id}`;
      const previous = conversations.get(key) ?? Promise.resolve();
      const job = track(
        previous.then(() =>
          dispatch(row, token).catch(async (error) => {
            strapi.log.error(`[whatsapp] outbox: message ${row.id} could not be processed: ${(error as Error).message}`);
            await store().release(row.id, token, new Date(Date.now() + 5000)).catch(() => undefined);
          })
        )
      );
      conversations.set(key, job);
      job.finally(() => {
        if (conversations.get(key) === job) conversations.delete(key);
        if (held.get(row.id) === token) held.delete(row.id);
      });
      return job;
    });
    if (jobs.length > 0) Promise.all(jobs).then(flushUsage);
    return jobs;
  }

  async function runLoop(): Promise<void> {
    while (running) {
      try {
        if (Date.now() - lastSweep > SWEEP_EVERY_MS) {
          lastSweep = Date.now();
          const orphans = await store().sweepOrphans(staleAfterMs());
          if (orphans.length > 0) {
            strapi.log.warn(`[whatsapp] ${orphans.length} message(s) were being sent when a Strapi process stopped; they are marked for review, not resent.`);
            for (const id of orphans) await notifyMessage(strapi, 'message.updated', id, 'status');
          }
          await pairs.prune().catch((error) => strapi.log.warn(`[whatsapp] outbox: past pair schedules not pruned: ${(error as Error).message}`));
        }
        const free = MAX_IN_FLIGHT - inFlight;
        // While busy, claim in batches rather than one row per finished send: a claim is the
        // costliest statement of the outbox.
        if (free <= 0 || (inFlight > 0 && free < MIN_CLAIM)) {
          await sleep(config().outboxPollIntervalMs);
          continue;
        }
        const started = await claimAndDispatch(Math.min(free, CLAIM_BATCH));
        if (started.length < Math.min(free, CLAIM_BATCH)) await sleep(config().outboxPollIntervalMs);
      } catch (error) {
        if (!running) break;
        strapi.log.error(`[whatsapp] outbox worker: ${(error as Error).message}`);
        await sleep(Math.max(1000, config().outboxPollIntervalMs));
      }
    }
  }

  /** A live worker holds a row in `sending` for one request at most (upload excluded). */
  const staleAfterMs = () => config().requestTimeoutMs * 2 + 30_000;

  return {
    instanceId,

    /**
     * Starts the background worker, unless WhatsApp is unconfigured or the worker is switched off
     * (WHATSAPP_OUTBOX_ENABLED=false); `force` starts it anyway (tools and tests that queue first).
     */
    start(options: { force?: boolean } = {}): void {
      if (running) return;
      const runtime = getService(strapi, 'runtime').get();
      if (runtime.mode === 'unconfigured' || (!runtime.config.outboxEnabled && !options.force)) return;
      running = true;
      stopping = false;
      lastSweep = 0;
      loop = runLoop();
    },

    /** Stops claiming, lets in-flight sends finish (claims not yet sending are given back). */
    async stop(): Promise<void> {
      stopping = true;
      running = false;
      wakeUp?.();
      await loop;
      await Promise.allSettled([...active]);
      await flushUsage();
      if (held.size === 0 && renewTimer) {
        clearInterval(renewTimer);
        renewTimer = undefined;
      }
      loop = undefined;
    },

    isRunning(): boolean {
      return running;
    },

    /**
     * Sends every message due now, in this call, and resolves when they are done (accepted,
     * failed, deferred or back in the queue with a back-off). For tools and tests that run with
     * the background worker switched off (WHATSAPP_OUTBOX_ENABLED=false).
     */
    async drain(): Promise<number> {
      stopping = false;
      let processed = 0;
      for (;;) {
        const started = await claimAndDispatch(CLAIM_BATCH);
        if (started.length === 0) return processed;
        processed += started.length;
        await Promise.all(started);
        await flushUsage();
      }
    },

    /** New work: skip the rest of the idle poll interval. */
    wake(): void {
      wakeUp?.();
    },

    /** Waits for a slot on the number's throughput (used by mark-as-read, which shares the limit). */
    async throttle(phoneNumberId: string, throughput?: number | null): Promise<void> {
      const wait = await throttle.reserve(phoneNumberId, throughput || config().defaultThroughput);
      if (wait > 0) await pause(wait);
    },

    /** Moves abandoned `sending` rows to review now (also runs periodically). */
    sweepOrphans(staleAfter = staleAfterMs()): Promise<number[]> {
      return store().sweepOrphans(staleAfter);
    },
  };
};

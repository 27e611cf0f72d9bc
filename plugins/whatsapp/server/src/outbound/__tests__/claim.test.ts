/**
 * The outbox's database side (outbound/claim.ts) against real databases, without booting Strapi:
 * a minimal `strapi` whose `db` is Strapi's database layer over the plugin's content types
 * (core/__tests__/knex-strapi.ts), on SQLite and, when reachable, PostgreSQL (where concurrent
 * claims go through SELECT … FOR UPDATE SKIP LOCKED). Every case asserts the rows' resulting
 * columns. tests/outbound/outbox.test.ts covers the worker built on top of this store.
 */
import { UID } from '../../../../shared/uids';
import { openKnexStrapi, testBackends, type Backend, type KnexStrapi } from '../../core/__tests__/knex-strapi';
import { createOutboxStore, LEASE_MS, type OutboxStore } from '../claim';

const backends = testBackends('outbound/__tests__/claim.test.ts');

const PHONE_NUMBER_ID = '100000000000001';
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const time = (value: unknown) => (value === null || value === undefined ? null : new Date(value as string).getTime());

for (const { backend, reason } of backends.skipped) {
  describe.skip(`outbox store on ${backend} (SKIPPED: ${reason})`, () => {
    it('runs when PostgreSQL is reachable', () => undefined);
  });
}

describe.each(backends.run)('outbox store on %s', (backend: Backend) => {
  /** Row locks exist only on PostgreSQL: their tests are defined there alone (SQLite has nothing to test, so nothing is skipped). */
  const onlyOnPostgres = (name: string, fn: () => Promise<void>) => (backend === 'postgres' ? it(name, fn) : undefined);
  let ctx: KnexStrapi;
  let store: OutboxStore;
  /** Whole seconds, so every database stores it exactly; each test moves it on. */
  let now: Date;
  const at = (offsetMs: number) => new Date(now.getTime() + offsetMs);

  beforeAll(async () => {
    ctx = await openKnexStrapi(backend, 'claim');
    store = createOutboxStore(ctx.strapi);
  });

  afterAll(async () => {
    await ctx?.close();
  });

  beforeEach(async () => {
    await ctx.clear();
    now = new Date(Math.floor(Date.now() / SECOND) * SECOND);
  });

  const messages = () => ctx.strapi.db.query(UID.message);
  let sequence = 0;
  /** An outbound message as the send API queues it; `fields` override any column. */
  const queue = async (fields: Record<string, unknown> = {}): Promise<number> => {
    sequence += 1;
    const waId = `3460000${String(sequence).padStart(4, '0')}`;
    const row = await messages().create({
      data: {
        direction: 'outbound',
        type: 'text',
        deliveryStatus: 'queued',
        businessPhoneNumberId: PHONE_NUMBER_ID,
        customerWaId: waId,
        conversationKey: `${PHONE_NUMBER_ID}:${waId}`,
        payload: { messaging_product: 'whatsapp', to: waId, type: 'text', text: { body: `hello ${sequence}` } },
        queuedAt: now,
        ...fields,
      },
    });
    return row.id;
  };
  const queueMany = async (count: number, fields: Record<string, unknown> = {}) => {
    const ids: number[] = [];
    for (let i = 0; i < count; i += 1) ids.push(await queue(fields));
    return ids;
  };
  const row = (id: number) => messages().findOne({ where: { id } });
  const claimedIds = async (token: string, limit: number, when = now) => (await store.claimDue(token, limit, when)).map((m) => m.id);

  describe('claimDue', () => {
    it('takes queued outbound rows whose time has come, and nothing else', async () => {
      const due = {
        fresh: await queue(),
        retryDue: await queue({ nextAttemptAt: at(-5 * SECOND), attempts: 1 }),
        retryDueNow: await queue({ nextAttemptAt: now, attempts: 1 }),
        abandonedClaim: await queue({ lockedBy: 'dead-host:1', lockedAt: at(-LEASE_MS - SECOND) }),
      };
      const notDue = {
        retryLater: await queue({ nextAttemptAt: at(SECOND), attempts: 1 }),
        claimedByOther: await queue({ lockedBy: 'other-host:1', lockedAt: at(-MINUTE) }),
        sending: await queue({ deliveryStatus: 'sending', sendingAt: at(-SECOND) }),
        accepted: await queue({ deliveryStatus: 'accepted', wamid: 'wamid.accepted' }),
        failed: await queue({ deliveryStatus: 'failed' }),
        review: await queue({ deliveryStatus: 'review' }),
        inbound: await queue({ direction: 'inbound' }),
      };
      const before = new Map(await Promise.all(Object.values(notDue).map(async (id) => [id, await row(id)] as const)));

      const claimed = await claimedIds('worker-a:1', 50);

      expect(claimed.sort((a, b) => a - b)).toEqual(Object.values(due).sort((a, b) => a - b));
      for (const id of Object.values(due)) {
        const r = await row(id);
        expect({ deliveryStatus: r.deliveryStatus, lockedBy: r.lockedBy, lockedAt: time(r.lockedAt) }).toEqual({ deliveryStatus: 'queued', lockedBy: 'worker-a:1', lockedAt: now.getTime() });
      }
      for (const id of Object.values(notDue)) expect(await row(id)).toEqual(before.get(id));
    });

    it('takes the highest priority first, then the oldest, up to the batch size', async () => {
      const [a, b] = await queueMany(2);
      const urgent = await queue({ priority: 5 });
      const high = await queue({ priority: 1 });
      const e = await queue();

      expect(await claimedIds('worker-a:1', 3)).toEqual([urgent, high, a]);
      // The rest is left alone until the next claim.
      expect((await row(b)).lockedBy).toBeNull();
      expect((await row(e)).lockedBy).toBeNull();
      expect(await claimedIds('worker-a:2', 3)).toEqual([b, e]);
      expect(await claimedIds('worker-a:3', 3)).toEqual([]);
      expect((await messages().findMany({ orderBy: { id: 'asc' } })).map((r: any) => r.lockedBy)).toEqual([
        'worker-a:1',
        'worker-a:2',
        'worker-a:1',
        'worker-a:1',
        'worker-a:2',
      ]);
    });

    it('hands the worker what it needs of each row: parsed payload, attempts, media, its template (with its category now) and its tenant and customer ids', async () => {
      // Distinct ids for the message and each related row, so a relation read from the wrong
      // table or column cannot pass by coincidence.
      await queueMany(3, { deliveryStatus: 'failed' });
      const tenant = await ctx.strapi.db.query(UID.tenant).create({ data: { name: 'Tenant A' } });
      await ctx.strapi.db.query(UID.customer).create({ data: { name: 'Other' } });
      const customer = await ctx.strapi.db.query(UID.customer).create({ data: { name: 'Ana', phone: '+34600000001', waId: '34600000001' } });
      await ctx.strapi.db.query(UID.template).createMany({ data: [{ name: 'other_1' }, { name: 'other_2' }] });
      const template = await ctx.strapi.db.query(UID.template).create({ data: { name: 'order_shipped', language: 'en_US', category: 'UTILITY', reviewStatus: 'APPROVED' } });
      const payload = { messaging_product: 'whatsapp', to: '34600000001', type: 'template', template: { name: 'order_shipped', language: { code: 'en_US' } } };
      const linked = await queue({
        type: 'template',
        customerWaId: '34600000001',
        conversationKey: `${PHONE_NUMBER_ID}:34600000001`,
        payload,
        attempts: 2,
        maxAttempts: 4,
        mediaId: 'media-1',
        tenant: tenant.id,
        customer: customer.id,
        template: template.id,
      });
      const bare = await queue({ customerWaId: null, conversationKey: null });
      expect(new Set([linked, tenant.id, customer.id, template.id]).size).toBe(4);
      const documentIds = await Promise.all([linked, bare].map(async (id) => (await row(id)).documentId));

      const claimed = await store.claimDue('worker-a:1', 10, now);

      expect(claimed).toEqual([
        {
          id: linked,
          documentId: documentIds[0],
          type: 'template',
          conversationKey: `${PHONE_NUMBER_ID}:34600000001`,
          businessPhoneNumberId: PHONE_NUMBER_ID,
          customerWaId: '34600000001',
          payload,
          attempts: 2,
          maxAttempts: 4,
          mediaId: 'media-1',
          templateId: template.id,
          template: { name: 'order_shipped', language: 'en_US', category: 'UTILITY' },
          tenantId: tenant.id,
          customerId: customer.id,
        },
        {
          id: bare,
          documentId: documentIds[1],
          type: 'text',
          conversationKey: null,
          businessPhoneNumberId: PHONE_NUMBER_ID,
          customerWaId: null,
          payload: expect.objectContaining({ type: 'text' }),
          attempts: 0,
          maxAttempts: null,
          mediaId: null,
          templateId: null,
          template: null,
          tenantId: null,
          customerId: null,
        },
      ]);
      expect(typeof documentIds[0]).toBe('string');
    });

    it('does not give a claimed row to another claimer while the lease lasts; once it expired, it does', async () => {
      const id = await queue();
      expect(await claimedIds('worker-a:1', 10)).toEqual([id]);

      expect(await claimedIds('worker-b:1', 10, at(LEASE_MS - SECOND))).toEqual([]);
      expect((await row(id)).lockedBy).toBe('worker-a:1');

      const takeover = at(LEASE_MS + SECOND);
      expect(await claimedIds('worker-b:2', 10, takeover)).toEqual([id]);
      const r = await row(id);
      expect({ deliveryStatus: r.deliveryStatus, lockedBy: r.lockedBy, lockedAt: time(r.lockedAt), attempts: r.attempts }).toEqual({
        deliveryStatus: 'queued',
        lockedBy: 'worker-b:2',
        lockedAt: takeover.getTime(),
        attempts: 0,
      });
    });

    it('keeps a renewed claim with its worker past the lease, and only its own worker can renew it', async () => {
      const id = await queue();
      expect(await claimedIds('worker-a:1', 10)).toEqual([id]);
      // The live worker renews while the row waits for its slot; a stranger's renewal changes nothing.
      await store.renewClaims([{ id, token: 'worker-a:1' }], at(LEASE_MS - SECOND));
      await store.renewClaims([{ id, token: 'worker-b:1' }], at(2 * LEASE_MS));
      expect(await claimedIds('worker-b:1', 10, at(LEASE_MS + SECOND))).toEqual([]);
      expect((await row(id)).lockedBy).toBe('worker-a:1');
      // Renewals stop (the worker died): one lease after the last one, the row is free.
      expect(await claimedIds('worker-b:2', 10, at(2 * LEASE_MS))).toEqual([id]);
    });

    it('expires claims after the lease it was given (outboxLeaseMs)', async () => {
      const short = createOutboxStore(ctx.strapi, { leaseMs: 3 * SECOND });
      const id = await queue();
      expect(await short.claimDue('worker-a:1', 10, at(0))).toHaveLength(1);
      expect(await short.claimDue('worker-b:1', 10, at(2 * SECOND))).toEqual([]);
      expect((await short.claimDue('worker-b:2', 10, at(4 * SECOND))).map((r) => r.id)).toEqual([id]);
    });

    it('never gives one row to two claimers running at once', async () => {
      const ids = await queueMany(40);
      const claimers = ['a', 'b', 'c', 'd'];
      const got = new Map<string, number[]>(claimers.map((c) => [c, []]));
      const tokenOf = new Map<number, string[]>();

      // Four workers claim at the same moment, batch after batch, until the queue is empty.
      await Promise.all(
        claimers.map(async (claimer) => {
          for (let round = 1; round <= 40; round += 1) {
            const token = `worker-${claimer}:${round}`;
            const batch = await claimedIds(token, 4);
            if (batch.length === 0) return;
            got.get(claimer)!.push(...batch);
            for (const id of batch) tokenOf.set(id, [...(tokenOf.get(id) ?? []), token]);
          }
        })
      );

      const all = [...got.values()].flat();
      expect(all.length).toBe(ids.length);
      expect([...tokenOf.entries()].filter(([, tokens]) => tokens.length > 1)).toEqual([]);
      expect(new Set(all)).toEqual(new Set(ids));
      // They did run side by side: the rows were shared out, not all taken by the first.
      expect(claimers.filter((c) => got.get(c)!.length > 0).length).toBeGreaterThan(1);
      const rows = await messages().findMany({ where: { id: { $in: ids } } });
      expect(rows.filter((r: any) => r.lockedBy !== tokenOf.get(r.id)?.[0])).toEqual([]);
    });

    onlyOnPostgres('skips the rows another claim’s transaction holds instead of waiting for them (SKIP LOCKED)', async () => {
      const ids = await queueMany(6);
      const held = ids.slice(0, 3);
      const trx = await ctx.knex.transaction();
      try {
        // Another instance is in the middle of its claim: it holds the first three rows.
        await trx('whatsapp_messages').select('id').whereIn('id', held).forUpdate();
        const claim = store.claimDue('worker-b:1', 10, now).then((rows) => rows.map((r) => r.id));
        const blocked = new Promise<'blocked'>((resolve) => setTimeout(() => resolve('blocked'), 3 * SECOND).unref());
        expect(await Promise.race([claim, blocked])).toEqual(ids.slice(3));
      } finally {
        await trx.rollback();
      }
      expect((await messages().findMany({ where: { id: { $in: ids } }, orderBy: { id: 'asc' } })).map((r: any) => r.lockedBy)).toEqual([
        null,
        null,
        null,
        'worker-b:1',
        'worker-b:1',
        'worker-b:1',
      ]);
    });
  });

  describe('markSendingMany', () => {
    it('moves the claim holder’s row to sending, counting the attempt', async () => {
      const id = await queue({ attempts: 2, nextAttemptAt: at(-MINUTE) });
      await store.claimDue('worker-a:1', 10, now);
      const sendAt = at(3 * SECOND);

      expect(await store.markSendingMany([{ id, token: 'worker-a:1', attempts: 3 }], sendAt)).toEqual([true]);

      const r = await row(id);
      expect({
        deliveryStatus: r.deliveryStatus,
        attempts: r.attempts,
        lockedBy: r.lockedBy,
        sendingAt: time(r.sendingAt),
        lockedAt: time(r.lockedAt),
        updatedAt: time(r.updatedAt),
      }).toEqual({ deliveryStatus: 'sending', attempts: 3, lockedBy: 'worker-a:1', sendingAt: sendAt.getTime(), lockedAt: sendAt.getTime(), updatedAt: sendAt.getTime() });
    });

    it('refuses a token that does not hold the claim and leaves the row as it was', async () => {
      const id = await queue();
      await store.claimDue('worker-a:1', 10, now);
      const before = await row(id);

      expect(await store.markSendingMany([{ id, token: 'worker-b:1', attempts: 1 }])).toEqual([false]);
      expect(await row(id)).toEqual(before);
      expect(before).toMatchObject({ deliveryStatus: 'queued', attempts: 0, lockedBy: 'worker-a:1', sendingAt: null });
    });

    it('refuses an unclaimed row', async () => {
      const id = await queue();
      expect(await store.markSendingMany([{ id, token: 'worker-a:1', attempts: 1 }])).toEqual([false]);
      expect(await row(id)).toMatchObject({ deliveryStatus: 'queued', attempts: 0, lockedBy: null, sendingAt: null });
    });

    it('answers per row, in the order asked, for a batch where one row is not the worker’s', async () => {
      const [first, second, third] = await queueMany(3);
      await store.claimDue('worker-a:1', 10, now);

      expect(
        await store.markSendingMany([
          { id: third, token: 'worker-a:1', attempts: 1 },
          { id: second, token: 'worker-b:1', attempts: 1 },
          { id: first, token: 'worker-a:1', attempts: 1 },
        ])
      ).toEqual([true, false, true]);
      const rows = await messages().findMany({ where: { id: { $in: [first, second, third] } }, orderBy: { id: 'asc' } });
      expect(rows.map((r: any) => [r.deliveryStatus, r.attempts])).toEqual([
        ['sending', 1],
        ['queued', 0],
        ['sending', 1],
      ]);
    });

    it('after a lease takeover, refuses the stalled worker and moves the row for the new holder', async () => {
      const id = await queue();
      await store.claimDue('worker-a:1', 10, now);
      await store.claimDue('worker-b:1', 10, at(LEASE_MS + SECOND));

      expect(await store.markSendingMany([{ id, token: 'worker-a:1', attempts: 1 }], at(LEASE_MS + 2 * SECOND))).toEqual([false]);
      expect(await row(id)).toMatchObject({ deliveryStatus: 'queued', attempts: 0, lockedBy: 'worker-b:1' });

      expect(await store.markSendingMany([{ id, token: 'worker-b:1', attempts: 1 }], at(LEASE_MS + 2 * SECOND))).toEqual([true]);
      expect(await row(id)).toMatchObject({ deliveryStatus: 'sending', attempts: 1, lockedBy: 'worker-b:1' });
    });

    it('does not move a row that is already sending again, nor count another attempt', async () => {
      const id = await queue();
      await store.claimDue('worker-a:1', 10, now);
      expect(await store.markSendingMany([{ id, token: 'worker-a:1', attempts: 1 }], at(SECOND))).toEqual([true]);

      expect(await store.markSendingMany([{ id, token: 'worker-a:1', attempts: 2 }], at(2 * SECOND))).toEqual([false]);
      const r = await row(id);
      expect({ deliveryStatus: r.deliveryStatus, attempts: r.attempts, sendingAt: time(r.sendingAt) }).toEqual({ deliveryStatus: 'sending', attempts: 1, sendingAt: at(SECOND).getTime() });
    });

    it('answers an empty batch with nothing', async () => {
      expect(await store.markSendingMany([])).toEqual([]);
    });
  });

  describe('markAcceptedMany', () => {
    it('stores Meta’s answer, the canonical recipient id, and clears the claim and the last error', async () => {
      const withWaId = await queue({ customerWaId: '34600000099', nextAttemptAt: at(-MINUTE), attempts: 1, errorCode: 131000, errorTitle: 'Something went wrong', errorDetails: 'try later' });
      const plain = await queue({ customerWaId: '34600000098' });
      await store.claimDue('worker-a:1', 10, now);
      expect(
        await store.markSendingMany(
          [
            { id: withWaId, token: 'worker-a:1', attempts: 2 },
            { id: plain, token: 'worker-a:1', attempts: 1 },
          ],
          at(SECOND)
        )
      ).toEqual([true, true]);
      const acceptedAt = at(2 * SECOND);

      await store.markAcceptedMany(
        [
          { id: withWaId, result: { wamid: 'wamid.A', waId: '34600000100', input: '+34 600 000 099', messageStatus: 'accepted' } },
          { id: plain, result: { wamid: 'wamid.B' } },
        ],
        acceptedAt
      );

      const pick = (r: any) => ({
        deliveryStatus: r.deliveryStatus,
        wamid: r.wamid,
        customerWaId: r.customerWaId,
        providerResponse: r.providerResponse,
        acceptedAt: time(r.acceptedAt),
        updatedAt: time(r.updatedAt),
        lockedBy: r.lockedBy,
        lockedAt: r.lockedAt,
        nextAttemptAt: r.nextAttemptAt,
        errorCode: r.errorCode,
        errorTitle: r.errorTitle,
        errorDetails: r.errorDetails,
        attempts: r.attempts,
      });
      const cleared = { lockedBy: null, lockedAt: null, nextAttemptAt: null, errorCode: null, errorTitle: null, errorDetails: null };
      expect(pick(await row(withWaId))).toEqual({
        deliveryStatus: 'accepted',
        wamid: 'wamid.A',
        customerWaId: '34600000100',
        providerResponse: { wamid: 'wamid.A', waId: '34600000100', input: '+34 600 000 099', messageStatus: 'accepted' },
        acceptedAt: acceptedAt.getTime(),
        updatedAt: acceptedAt.getTime(),
        attempts: 2,
        ...cleared,
      });
      expect(pick(await row(plain))).toEqual({
        deliveryStatus: 'accepted',
        wamid: 'wamid.B',
        customerWaId: '34600000098',
        providerResponse: { wamid: 'wamid.B', waId: null, input: null, messageStatus: null },
        acceptedAt: acceptedAt.getTime(),
        updatedAt: acceptedAt.getTime(),
        attempts: 1,
        ...cleared,
      });
    });

    it('writes nothing for an empty batch', async () => {
      const id = await queue();
      const before = await row(id);
      await store.markAcceptedMany([]);
      expect(await row(id)).toEqual(before);
    });
  });

  describe('markOutcome', () => {
    const claimAndSend = async (fields: Record<string, unknown> = {}) => {
      const id = await queue(fields);
      await store.claimDue('worker-a:1', 10, now);
      expect(await store.markSendingMany([{ id, token: 'worker-a:1', attempts: 1 }], at(SECOND))).toEqual([true]);
      return id;
    };
    const error = { errorCode: 131000, errorTitle: 'Something went wrong', errorDetails: 'Meta had a problem' };

    it('re-queues for the given time with Meta’s error and the claim released; claimable from then, not before', async () => {
      const id = await claimAndSend();
      const retryAt = at(30 * SECOND);

      await store.markOutcome(id, 'worker-a:1', { status: 'queued', nextAttemptAt: retryAt, ...error }, at(2 * SECOND));

      const r = await row(id);
      expect({ ...r, nextAttemptAt: time(r.nextAttemptAt), updatedAt: time(r.updatedAt) }).toMatchObject({
        deliveryStatus: 'queued',
        attempts: 1,
        nextAttemptAt: retryAt.getTime(),
        updatedAt: at(2 * SECOND).getTime(),
        lockedBy: null,
        lockedAt: null,
        failedAt: null,
        ...error,
      });
      expect(await claimedIds('worker-b:1', 10, at(29 * SECOND))).toEqual([]);
      expect(await claimedIds('worker-b:2', 10, retryAt)).toEqual([id]);
    });

    it('re-queues without a time as due at once', async () => {
      const id = await claimAndSend();
      await store.markOutcome(id, 'worker-a:1', { status: 'queued', ...error }, at(2 * SECOND));
      expect(time((await row(id)).nextAttemptAt)).toBe(at(2 * SECOND).getTime());
      expect(await claimedIds('worker-b:1', 10, at(2 * SECOND))).toEqual([id]);
    });

    it('fails for good with Meta’s error and the failure time; never claimed again', async () => {
      const earlier = at(-MINUTE);
      const id = await claimAndSend({ nextAttemptAt: earlier });
      const permanent = { errorCode: 131026, errorTitle: 'Message undeliverable', errorDetails: 'Recipient is not a WhatsApp user' };

      await store.markOutcome(id, 'worker-a:1', { status: 'failed', ...permanent }, at(2 * SECOND));

      const r = await row(id);
      expect({ ...r, failedAt: time(r.failedAt), nextAttemptAt: time(r.nextAttemptAt) }).toMatchObject({
        deliveryStatus: 'failed',
        attempts: 1,
        failedAt: at(2 * SECOND).getTime(),
        nextAttemptAt: earlier.getTime(),
        lockedBy: null,
        lockedAt: null,
        ...permanent,
      });
      expect(await claimedIds('worker-b:1', 10, at(LEASE_MS * 2))).toEqual([]);
    });

    it('sends to review with the error, without a failure time; never claimed again', async () => {
      const id = await claimAndSend();
      await store.markOutcome(id, 'worker-a:1', { status: 'review', errorCode: null, errorTitle: 'Outcome unknown: no answer from the WhatsApp API', errorDetails: 'timeout' }, at(2 * SECOND));
      expect(await row(id)).toMatchObject({
        deliveryStatus: 'review',
        failedAt: null,
        lockedBy: null,
        lockedAt: null,
        errorCode: null,
        errorTitle: 'Outcome unknown: no answer from the WhatsApp API',
        errorDetails: 'timeout',
      });
      expect(await claimedIds('worker-b:1', 10, at(LEASE_MS * 2))).toEqual([]);
    });
    it('is refused to a worker that lost its claim: the new holder’s accepted send is neither re-queued nor overwritten', async () => {
      // Worker A claims, then stalls before sending (e.g. in a media upload) for longer than the lease.
      const id = await queue();
      await store.claimDue('worker-a:1', 10, now);
      const takeover = at(LEASE_MS + SECOND);
      expect(await claimedIds('worker-b:1', 10, takeover)).toEqual([id]);
      expect(await store.markSendingMany([{ id, token: 'worker-b:1', attempts: 1 }], takeover)).toEqual([true]);
      await store.markAcceptedMany([{ id, result: { wamid: 'wamid.B' } }], at(LEASE_MS + 2 * SECOND));

      // A's late failure arrives: it must change nothing.
      expect(await store.markOutcome(id, 'worker-a:1', { status: 'queued', ...error }, at(LEASE_MS + 3 * SECOND))).toBe(false);
      expect(await store.markOutcome(id, 'worker-a:1', { status: 'failed', ...error }, at(LEASE_MS + 3 * SECOND))).toBe(false);

      expect(await row(id)).toMatchObject({ deliveryStatus: 'accepted', wamid: 'wamid.B', errorCode: null, failedAt: null });
      expect(await claimedIds('worker-c:1', 10, at(LEASE_MS * 3))).toEqual([]);
    });

    it('is refused once the orphan sweep moved the row to review: an unknown outcome is never re-queued', async () => {
      const id = await claimAndSend();
      await store.sweepOrphans(MINUTE, at(LEASE_MS * 2));
      expect((await row(id)).deliveryStatus).toBe('review');
      expect(await store.markOutcome(id, 'worker-a:1', { status: 'queued', ...error }, at(LEASE_MS * 2 + SECOND))).toBe(false);
      expect((await row(id)).deliveryStatus).toBe('review');
    });
  });

  describe('release', () => {
    it('gives the holder’s row back untouched: claimable again at once', async () => {
      const id = await queue({ attempts: 1 });
      await store.claimDue('worker-a:1', 10, now);

      await store.release(id, 'worker-a:1');

      expect(await row(id)).toMatchObject({ deliveryStatus: 'queued', attempts: 1, lockedBy: null, lockedAt: null, nextAttemptAt: null });
      expect(await claimedIds('worker-b:1', 10)).toEqual([id]);
    });

    it('gives the row back for later: claimable from the given time, not before', async () => {
      const id = await queue();
      await store.claimDue('worker-a:1', 10, now);
      const later = at(10 * SECOND);

      await store.release(id, 'worker-a:1', later);

      const r = await row(id);
      expect({ lockedBy: r.lockedBy, lockedAt: r.lockedAt, nextAttemptAt: time(r.nextAttemptAt), attempts: r.attempts }).toEqual({
        lockedBy: null,
        lockedAt: null,
        nextAttemptAt: later.getTime(),
        attempts: 0,
      });
      expect(await claimedIds('worker-b:1', 10, at(9 * SECOND))).toEqual([]);
      expect(await claimedIds('worker-b:2', 10, later)).toEqual([id]);
    });

    it('does nothing for a worker that lost the claim, nor for a row already sending', async () => {
      const takenOver = await queue();
      await store.claimDue('worker-a:1', 10, now);
      await store.claimDue('worker-b:1', 10, at(LEASE_MS + SECOND));
      await store.release(takenOver, 'worker-a:1', at(LEASE_MS + 60 * SECOND));
      const r = await row(takenOver);
      expect({ lockedBy: r.lockedBy, lockedAt: time(r.lockedAt), nextAttemptAt: r.nextAttemptAt }).toEqual({
        lockedBy: 'worker-b:1',
        lockedAt: at(LEASE_MS + SECOND).getTime(),
        nextAttemptAt: null,
      });

      expect(await store.markSendingMany([{ id: takenOver, token: 'worker-b:1', attempts: 1 }])).toEqual([true]);
      await store.release(takenOver, 'worker-b:1');
      expect(await row(takenOver)).toMatchObject({ deliveryStatus: 'sending', lockedBy: 'worker-b:1' });
    });
  });

  describe('sweepOrphans', () => {
    it('sends rows left in sending past the cutoff to review (never back to the queue) and names them', async () => {
      const stale = await queue({ deliveryStatus: 'sending', attempts: 1, lockedBy: 'dead-host:1', lockedAt: at(-10 * MINUTE), sendingAt: at(-10 * MINUTE) });
      const live = await queue({ deliveryStatus: 'sending', attempts: 1, lockedBy: 'live-host:1', lockedAt: at(-10 * SECOND), sendingAt: at(-10 * SECOND) });
      const oldQueued = await queue({ queuedAt: at(-10 * MINUTE), lockedBy: 'dead-host:2', lockedAt: at(-10 * MINUTE) });
      const before = { live: await row(live), oldQueued: await row(oldQueued) };

      expect(await store.sweepOrphans(MINUTE, now)).toEqual([stale]);

      const r = await row(stale);
      expect({ ...r, updatedAt: time(r.updatedAt) }).toMatchObject({
        deliveryStatus: 'review',
        attempts: 1,
        lockedBy: null,
        lockedAt: null,
        errorCode: null,
        errorTitle: 'Outcome unknown: the server stopped while sending',
        errorDetails: expect.stringMatching(/may or may not have been sent\. It is not resent automatically/),
        updatedAt: now.getTime(),
      });
      expect(await row(live)).toEqual(before.live);
      expect(await row(oldQueued)).toEqual(before.oldQueued);
      // Only the abandoned claim of the queued row is taken up again; the orphan stays in review.
      expect(await claimedIds('worker-a:1', 10)).toEqual([oldQueued]);
      expect(await store.sweepOrphans(MINUTE, now)).toEqual([]);
    });
  });

  describe('wamidsWithPendingStatuses', () => {
    it('names, once each, the asked wamids that have status webhooks waiting', async () => {
      const pending = ctx.strapi.db.query(UID.pendingStatus);
      const keep = (wamid: string, status: string) =>
        pending.create({ data: { wamid, deliveryStatus: status, dedupeKey: `${wamid}|${status}|1`, item: { id: wamid, status, timestamp: '1' }, receivedAt: now } });
      await keep('wamid.1', 'sent');
      await keep('wamid.1', 'delivered');
      await keep('wamid.2', 'read');
      await keep('wamid.other', 'read');

      expect((await store.wamidsWithPendingStatuses(['wamid.1', 'wamid.2', 'wamid.3'])).sort()).toEqual(['wamid.1', 'wamid.2']);
      expect(await store.wamidsWithPendingStatuses(['wamid.3'])).toEqual([]);
      expect(await store.wamidsWithPendingStatuses([])).toEqual([]);
    });
  });

  describe('addTemplateUsage', () => {
    it('adds each count to its template’s usage count', async () => {
      const templates = ctx.strapi.db.query(UID.template);
      const first = await templates.create({ data: { name: 'first', language: 'en', category: 'UTILITY', reviewStatus: 'APPROVED' } });
      const second = await templates.create({ data: { name: 'second', language: 'en', category: 'UTILITY', reviewStatus: 'APPROVED', usageCount: 5 } });
      const untouched = await templates.create({ data: { name: 'third', language: 'en', category: 'UTILITY', reviewStatus: 'APPROVED', usageCount: 2 } });

      await store.addTemplateUsage(
        new Map([
          [first.id, 3],
          [second.id, 2],
        ])
      );

      const rows = await templates.findMany({ orderBy: { id: 'asc' } });
      expect(rows.map((r: any) => [r.id, r.usageCount])).toEqual([
        [first.id, 3],
        [second.id, 7],
        [untouched.id, 2],
      ]);
    });
  });
});

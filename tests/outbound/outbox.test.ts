/**
 * The outbox worker against the sandbox: retries with back-off honouring Retry-After, permanent
 * failures kept with Meta's code, unknown outcomes sent to review (never resent), deliberate
 * retries on the same record, the pair rate limit, per-number throughput, and two workers racing
 * over the same rows without sending anything twice.
 */
import path from 'path';
import {
  addNumber,
  ALL_ACTIONS,
  apiToken,
  createTenant,
  findMessage,
  MESSAGE,
  service,
  startOutboundApp,
  TEST_CREDENTIALS,
  type TestApp,
} from './helpers';
import { APP_DIR } from '../helpers/strapi';
import { ThroughputLimiter } from '../../plugins/whatsapp/sandbox/rate-limit';
import { createOutboxStore, LEASE_MS } from '../../plugins/whatsapp/server/src/outbound/claim';

const SLOW_NUMBERS = ['100000000000011', '100000000000012', '100000000000013'];
const SLOW_RATE = 10;
/** For the race between two workers (two Strapi instances): they share this number's budget. */
const SHARED_NUMBER = '100000000000020';
const SHARED_RATE = 40;

describe('outbox worker', () => {
  let app: TestApp;
  let token: string;
  let sequence = 0;
  const nextPhone = () => {
    sequence += 1;
    return `+34600555${String(sequence).padStart(3, '0')}`;
  };

  beforeAll(async () => {
    app = await startOutboundApp({
      // Long enough for a loaded CI machine; the timeout test waits this long once.
      env: { WHATSAPP_REQUEST_TIMEOUT_MS: '4000' },
      sandbox: {
        phoneNumbers: [
          { id: TEST_CREDENTIALS.phoneNumberId, displayPhoneNumber: TEST_CREDENTIALS.displayPhoneNumber },
          ...SLOW_NUMBERS.map((id) => ({ id, displayPhoneNumber: `+34 600 ${id.slice(-6)}`, throughputPerSecond: SLOW_RATE })),
          { id: SHARED_NUMBER, displayPhoneNumber: '+34 600 000 020', throughputPerSecond: SHARED_RATE },
        ],
      },
    });
    token = await apiToken(app, ALL_ACTIONS);
  });

  afterAll(async () => {
    await app?.stop();
  });

  beforeEach(async () => {
    app.sandbox!.reset();
    // Each test starts with an empty queue: leftovers of an earlier test must not be drained here.
    await app.strapi.db.query(MESSAGE).updateMany({ where: { direction: 'outbound', deliveryStatus: { $in: ['queued', 'sending'] } }, data: { deliveryStatus: 'failed' } });
  });

  const outbox = () => service(app, 'outbox');
  const hello = (extra: Record<string, unknown> = {}) => ({ to: nextPhone(), type: 'template', template: { name: 'hello_world', language: 'en_US' }, ...extra });
  const send = async (body: Record<string, unknown>) => {
    const res = await app.http.post('/api/whatsapp/messages').set('Authorization', `Bearer ${token}`).send(body);
    expect(res.status).toBe(202);
    return res.body.data as { documentId: string; customerPhone: string };
  };
  const retry = (documentId: string) => app.http.post(`/api/whatsapp/messages/${documentId}/retry`).set('Authorization', `Bearer ${token}`);
  const sentTo = (phone: string) => app.sandbox!.sent.filter((s) => s.to === phone);
  const makeDue = (documentId: string) => app.strapi.db.query(MESSAGE).update({ where: { documentId }, data: { nextAttemptAt: new Date() } });

  it('backs off on 130429 for at least Retry-After, then sends on the next attempt', async () => {
    app.sandbox!.injectFault({ kind: 'error', status: 429, code: 130429, retryAfterSeconds: 2, path: '/messages', method: 'POST', count: 1 });
    const message = await send(hello());
    const before = Date.now();
    await outbox().drain();

    const waiting = await findMessage(app, message.documentId);
    expect(waiting).toMatchObject({ deliveryStatus: 'queued', attempts: 1, errorCode: 130429, wamid: null });
    expect(new Date(waiting.nextAttemptAt).getTime()).toBeGreaterThanOrEqual(before + 2000);
    expect(sentTo(message.customerPhone)).toHaveLength(0);

    // Not due yet: a drain now sends nothing.
    await outbox().drain();
    expect(sentTo(message.customerPhone)).toHaveLength(0);

    await new Promise((resolve) => setTimeout(resolve, new Date(waiting.nextAttemptAt).getTime() - Date.now() + 20));
    await outbox().drain();
    const done = await findMessage(app, message.documentId);
    expect(done).toMatchObject({ deliveryStatus: 'accepted', attempts: 2, errorCode: null, errorTitle: null });
    const [sent] = sentTo(message.customerPhone);
    expect(sent.wamid).toBe(done.wamid);
    expect(sent.at).toBeGreaterThanOrEqual(new Date(waiting.nextAttemptAt).getTime());
  });

  it('fails a permanent error (131026) at once, keeping Meta’s code, title and details', async () => {
    app.sandbox!.injectFault({ kind: 'error', status: 400, code: 131026, title: 'Message undeliverable', details: 'Recipient is not a WhatsApp user', path: '/messages', method: 'POST', count: 1 });
    const message = await send(hello());
    await outbox().drain();
    const row = await findMessage(app, message.documentId);
    expect(row).toMatchObject({ deliveryStatus: 'failed', attempts: 1, errorCode: 131026, errorTitle: 'Message undeliverable', errorDetails: 'Recipient is not a WhatsApp user' });
    expect(row.failedAt).toBeTruthy();

    const listed = await app.http.get(`/api/whatsapp/messages?status=failed`).set('Authorization', `Bearer ${token}`);
    const dto = listed.body.data.find((m: { documentId: string }) => m.documentId === message.documentId);
    expect(dto.error).toEqual({
      code: 131026,
      title: 'Message undeliverable',
      details: 'Recipient is not a WhatsApp user',
      explanation: expect.stringMatching(/could not be delivered/),
    });
  });

  it('tells listeners about each new message and status change, with the message’s ids, tenant and customer', async () => {
    const created: any[] = [];
    const seen: any[] = [];
    const offCreated = service(app, 'events').on('message.created', (event: any) => created.push(event));
    const off = service(app, 'events').on('message.updated', (event: any) => seen.push(event));
    try {
      app.sandbox!.injectFault({ kind: 'error', status: 400, code: 131026, path: '/messages', method: 'POST', count: 1 });
      const tenant = await createTenant(app); // no number of its own: the default number sends
      const failing = await send(hello());
      const sending = await send(hello({ tenant: tenant.documentId }));
      await outbox().drain();
      const rows = await app.strapi.db.query(MESSAGE).findMany({
        where: { documentId: { $in: [failing.documentId, sending.documentId] } },
        populate: { tenant: true, customer: true },
      });
      for (const row of rows) {
        const expected = {
          id: row.id,
          documentId: row.documentId,
          direction: 'outbound',
          type: 'template',
          conversationKey: row.conversationKey,
          tenantId: row.tenant?.id ?? null,
          customerId: row.customer.id,
        };
        expect(created.filter((e) => e.id === row.id)).toEqual([{ ...expected, status: 'queued', wamid: null, change: 'queued' }]);
        expect(seen.filter((e) => e.id === row.id)).toEqual([{ ...expected, status: row.deliveryStatus, wamid: row.wamid ?? null, change: 'status' }]);
      }
      expect(rows.map((r: any) => r.deliveryStatus).sort()).toEqual(['accepted', 'failed']);
      expect(seen.filter((e) => e.tenantId === tenant.id)).toHaveLength(1);
    } finally {
      off();
      offCreated();
    }
  });

  it('retries a failed message on purpose: a new attempt on the same record', async () => {
    app.sandbox!.injectFault({ kind: 'error', status: 400, code: 131026, path: '/messages', method: 'POST', count: 1 });
    const message = await send(hello());
    await outbox().drain();
    expect((await findMessage(app, message.documentId)).deliveryStatus).toBe('failed');
    const rowsBefore = await app.strapi.db.query(MESSAGE).count();

    const res = await retry(message.documentId);
    expect(res.status).toBe(202);
    expect(res.body.data).toMatchObject({ documentId: message.documentId, status: 'queued', error: null, attempts: 1 });
    await outbox().drain();

    expect(await findMessage(app, message.documentId)).toMatchObject({ deliveryStatus: 'accepted', attempts: 2 });
    expect(await app.strapi.db.query(MESSAGE).count()).toBe(rowsBefore);
    expect(sentTo(message.customerPhone)).toHaveLength(1);

    const again = await retry(message.documentId);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/Only failed messages or messages awaiting review can be retried; this one is accepted/);
  });

  it('gives up after the message’s maximum attempts on a transient error', async () => {
    app.sandbox!.injectFault({ kind: 'error', status: 500, code: 131000, path: '/messages', method: 'POST', count: 5 });
    const message = await send(hello());
    await app.strapi.db.query(MESSAGE).update({ where: { documentId: message.documentId }, data: { maxAttempts: 2 } });
    await outbox().drain();
    expect(await findMessage(app, message.documentId)).toMatchObject({ deliveryStatus: 'queued', attempts: 1, errorCode: 131000 });
    await makeDue(message.documentId);
    await outbox().drain();
    const row = await findMessage(app, message.documentId);
    expect(row).toMatchObject({ deliveryStatus: 'failed', attempts: 2, errorCode: 131000 });
    expect(row.errorDetails).toMatch(/gave up after 2 attempts/);
    app.sandbox!.clearFaults();
  });

  it('sends a timed-out message to review instead of resending it', async () => {
    app.sandbox!.injectFault({ kind: 'timeout', path: '/messages', method: 'POST', count: 1 });
    const message = await send(hello());
    await outbox().drain();
    const row = await findMessage(app, message.documentId);
    expect(row).toMatchObject({ deliveryStatus: 'review', attempts: 1, errorTitle: 'Outcome unknown: no answer from the WhatsApp API' });
    await makeDue(message.documentId);
    await outbox().drain();
    expect((await findMessage(app, message.documentId)).deliveryStatus).toBe('review');
    expect(sentTo(message.customerPhone)).toHaveLength(0);
  });

  it('marks a message left in `sending` by a dead process for review, never resending it', async () => {
    const message = await send(hello());
    await app.strapi.db.query(MESSAGE).update({
      where: { documentId: message.documentId },
      data: { deliveryStatus: 'sending', sendingAt: new Date(Date.now() - 10 * 60 * 1000), attempts: 1, lockedBy: 'dead-host:1:abc:1' },
    });
    const swept = await outbox().sweepOrphans();
    expect(swept).toHaveLength(1);
    const row = await findMessage(app, message.documentId);
    expect(row).toMatchObject({ deliveryStatus: 'review', errorTitle: 'Outcome unknown: the server stopped while sending', lockedBy: null });
    await outbox().drain();
    expect(sentTo(message.customerPhone)).toHaveLength(0);

    // A person decides to send it again.
    expect((await retry(message.documentId)).status).toBe(202);
    await outbox().drain();
    expect(await findMessage(app, message.documentId)).toMatchObject({ deliveryStatus: 'accepted', attempts: 2 });
  });

  it('leaves a message that is still being sent alone', async () => {
    const message = await send(hello());
    await app.strapi.db.query(MESSAGE).update({ where: { documentId: message.documentId }, data: { deliveryStatus: 'sending', sendingAt: new Date() } });
    expect(await outbox().sweepOrphans()).toEqual([]);
    expect((await findMessage(app, message.documentId)).deliveryStatus).toBe('sending');
    await app.strapi.db.query(MESSAGE).update({ where: { documentId: message.documentId }, data: { deliveryStatus: 'failed' } });
  });

  it('keeps the pair rate limit: a burst to one customer, the rest deferred without using attempts', async () => {
    const phone = nextPhone();
    const messages = [];
    for (let i = 0; i < 12; i += 1) messages.push(await send({ ...hello(), to: phone }));
    const started = Date.now();
    await outbox().drain();
    const rows = await Promise.all(messages.map((m) => findMessage(app, m.documentId)));
    expect(rows.map((r) => r.deliveryStatus)).toEqual([...Array(10).fill('accepted'), 'queued', 'queued']);
    for (const deferred of rows.slice(10)) {
      expect(deferred.attempts).toBe(0);
      expect(new Date(deferred.nextAttemptAt).getTime()).toBeGreaterThan(started + 5000);
    }
    // The deferred ones are the last two: order within the conversation is kept.
    expect(sentTo(phone).map((s) => s.wamid)).toEqual(rows.slice(0, 10).map((r) => r.wamid));
  });

  it('sends the messages of one conversation in the order they were queued', async () => {
    const phone = nextPhone();
    const queued = [];
    for (let i = 0; i < 6; i += 1) queued.push(await send({ ...hello(), to: phone }));
    // Other conversations in between, so the batch is mixed.
    for (let i = 0; i < 6; i += 1) await send(hello());
    await outbox().drain();
    const rows = await Promise.all(queued.map((m) => findMessage(app, m.documentId)));
    expect(sentTo(phone).map((s) => s.wamid)).toEqual(rows.map((r) => r.wamid));
  });

  it('keeps each number under its throughput: no 130429 from the sandbox, timestamps within Meta’s bucket', async () => {
    const perNumber = 25;
    for (const phoneNumberId of SLOW_NUMBERS) {
      const number = await addNumber(app, phoneNumberId, { throughputPerSecond: SLOW_RATE });
      const tenant = await createTenant(app, { phoneNumber: number.id });
      for (let i = 0; i < perNumber; i += 1) await send(hello({ tenant: tenant.documentId }));
    }
    await outbox().drain();

    const rows = await app.strapi.db.query(MESSAGE).findMany({ where: { businessPhoneNumberId: { $in: SLOW_NUMBERS } } });
    expect(rows).toHaveLength(perNumber * SLOW_NUMBERS.length);
    // A 130429 would have left an error or a second attempt on some row.
    expect(rows.filter((r: any) => r.deliveryStatus !== 'accepted' || r.attempts !== 1)).toEqual([]);

    for (const phoneNumberId of SLOW_NUMBERS) {
      const times = app.sandbox!.sent.filter((s) => s.phoneNumberId === phoneNumberId).map((s) => s.at);
      expect(times).toHaveLength(perNumber);
      const meta = new ThroughputLimiter();
      expect(times.filter((t) => !meta.take(phoneNumberId, SLOW_RATE, t))).toEqual([]);
      // 25 sends at 10/s cannot all happen in the first second.
      expect(times[times.length - 1] - times[0]).toBeGreaterThan(1000);
    }
  });

  it('moves a claimed row to sending only for the worker still holding its claim', async () => {
    const store = createOutboxStore(app.strapi);
    const queued = [await send(hello()), await send(hello()), await send(hello())];
    const ids = await Promise.all(queued.map(async (m) => (await findMessage(app, m.documentId)).id));

    const claimedByA = await store.claimDue('worker-a:1', 10);
    expect(claimedByA.map((row) => row.id).sort()).toEqual([...ids].sort());
    expect(claimedByA[0]).toMatchObject({ type: 'template', attempts: 0, customerId: expect.any(Number) });
    // Worker A stalls past the lease; worker B claims the same rows again (they were never sent).
    const claimedByB = await store.claimDue('worker-b:1', 10, new Date(Date.now() + LEASE_MS + 1000));
    expect(claimedByB.map((row) => row.id).sort()).toEqual([...ids].sort());

    const [first, second, third] = ids;
    expect(
      await store.markSendingMany([
        { id: first, token: 'worker-a:1', attempts: 1 },
        { id: second, token: 'worker-b:1', attempts: 1 },
        { id: third, token: 'worker-b:1', attempts: 1 },
      ])
    ).toEqual([false, true, true]);
    // A row already sending is not moved again, whoever asks.
    expect(await store.markSendingMany([{ id: second, token: 'worker-b:1', attempts: 2 }])).toEqual([false]);

    const rows = await app.strapi.db.query(MESSAGE).findMany({ where: { id: { $in: ids } }, orderBy: { id: 'asc' } });
    expect(rows.map((r: any) => [r.deliveryStatus, r.attempts, r.lockedBy])).toEqual([
      ['queued', 0, 'worker-b:1'],
      ['sending', 1, 'worker-b:1'],
      ['sending', 1, 'worker-b:1'],
    ]);
    await app.strapi.db.query(MESSAGE).updateMany({ where: { id: { $in: ids } }, data: { deliveryStatus: 'failed' } });
  });

  it('never sends a message twice when two workers race over the same rows, and keeps their number under its limit', async () => {
    const plugin = require(path.join(APP_DIR, 'plugins/whatsapp/dist/server/index.js')).default;
    const second = plugin.services.outbox({ strapi: app.strapi });
    const number = await addNumber(app, SHARED_NUMBER, { throughputPerSecond: SHARED_RATE });
    const tenant = await createTenant(app, { phoneNumber: number.id });
    const count = 150;
    const phones: string[] = [];
    for (let i = 0; i < count; i += 1) phones.push((await send(hello({ tenant: tenant.documentId }))).customerPhone);

    const [a, b] = await Promise.all([outbox().drain(), second.drain()]);
    expect(a + b).toBe(count);
    expect(Math.min(a, b)).toBeGreaterThan(0);

    const perPhone = new Map<string, number>();
    for (const sent of app.sandbox!.sent) perPhone.set(sent.to, (perPhone.get(sent.to) ?? 0) + 1);
    const rows = await app.strapi.db.query(MESSAGE).findMany({ where: { customerPhone: { $in: phones } } });
    const statusOf = new Map(rows.map((r: any) => [r.customerPhone, `${r.deliveryStatus}/${r.attempts}/${r.errorTitle ?? ''}`]));
    // Never twice (the property under test); and every message sent once, with its row's state shown if not.
    expect(phones.filter((p) => (perPhone.get(p) ?? 0) > 1)).toEqual([]);
    expect(phones.filter((p) => perPhone.get(p) !== 1).map((p) => `${p} ${statusOf.get(p)}`)).toEqual([]);
    expect(rows.filter((r: any) => r.deliveryStatus !== 'accepted' || r.attempts !== 1)).toEqual([]);
    expect(new Set(rows.map((r: any) => r.wamid)).size).toBe(count);
    // Both workers book their send slots from the number's schedule in the database, so together
    // they stay within what Meta allows the number: no 130429 (every row accepted at its first
    // attempt, above) and every request inside Meta's bucket.
    const times = app.sandbox!.sent.filter((s) => s.phoneNumberId === SHARED_NUMBER).map((s) => s.at);
    const meta = new ThroughputLimiter();
    expect(times.filter((t) => !meta.take(SHARED_NUMBER, SHARED_RATE, t))).toEqual([]);
  });
});

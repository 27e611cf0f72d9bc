/**
 * Takeover after a crash (#15, docs/several-instances.md): two Strapi instances on one PostgreSQL
 * database — this jest process's app (A) and a second, real Strapi process (B) — with leases
 * shortened by configuration (WHATSAPP_WEBHOOK_LEASE_MS, WHATSAPP_OUTBOX_LEASE_MS). B claims
 * outbox messages and webhook events and is SIGKILLed while it holds them: A takes both over once
 * the leases expire, every webhook message is stored once, and the sandbox (Meta's side) receives
 * every message once — nothing B had claimed is lost, nothing is sent twice.
 *
 * How B is caught holding work, without timing luck:
 * - outbox: the number sends 1 message/s (shared schedule), so B claims the whole batch and most
 *   of it waits in B for its slot, still `queued` with B's claim;
 * - webhooks: the test holds an EXCLUSIVE lock on the customers table, so B's processor claims an
 *   event (its lease starts) and then waits inside its transaction, on the insert of the new
 *   customer; the kill rolls that transaction back.
 *
 * Always on PostgreSQL, whatever DATABASE_CLIENT says (several instances need a shared database
 * with row locks; SQLite is one process): the SQLite pass of test:all leaves it out, like
 * tests/inbox/live-instances.test.ts.
 */
import type { Knex } from 'knex';
import { ALL_ACTIONS, apiToken, eventually, MESSAGE, PHONE_NUMBER, service, startOutboundApp, TEST_CREDENTIALS, type TestApp } from '../outbound/helpers';
import { inboundPayload, rawOf } from '../inbound/helpers';
import { startChildInstance, type ChildInstance } from '../helpers/instance';
import { signPayload } from '../../plugins/whatsapp/sandbox';
import { UID } from '../../plugins/whatsapp/shared/uids';
import { tableOf } from '../../plugins/whatsapp/server/src/core/db';

const savedClient = process.env.DATABASE_CLIENT;
process.env.DATABASE_CLIENT = 'postgres';
afterAll(() => {
  process.env.DATABASE_CLIENT = savedClient;
});

/** Short leases: the takeover happens in seconds instead of minutes. */
const LEASES = { WHATSAPP_WEBHOOK_LEASE_MS: '3000', WHATSAPP_OUTBOX_LEASE_MS: '3000', WHATSAPP_OUTBOX_POLL_MS: '200' };
const SENDS = 6;
const WEBHOOKS = 3;

const until = <T>(what: string, check: () => Promise<T | undefined | false>): Promise<T> => eventually(check, 60_000, what);

describe('a second instance takes over what a SIGKILLed one held (PostgreSQL)', () => {
  let a: TestApp;
  let b: ChildInstance;
  let token: string;

  beforeAll(async () => {
    // A neither sends nor processes until B is dead: what it does afterwards is a takeover.
    a = await startOutboundApp({ env: LEASES });
    await service(a, 'webhook-processor').stop();
    await a.strapi.db.query(PHONE_NUMBER).update({ where: { phoneNumberId: TEST_CREDENTIALS.phoneNumberId }, data: { throughputPerSecond: 1 } });
    token = await apiToken(a, ALL_ACTIONS);
    // Same database, secrets, sandbox and leases; B's worker sends.
    b = await startChildInstance({ WHATSAPP_OUTBOX_ENABLED: 'true' });
  }, 240_000);

  afterAll(async () => {
    await b?.stop();
    await a?.stop();
  }, 60_000);

  const messages = () => a.strapi.db.query(MESSAGE);
  const events = () => a.strapi.db.query(UID.webhookEvent);

  it('takes over the outbox claims and webhook leases of a killed instance; nothing lost, nothing sent twice', async () => {
    // 1. Sends queued through B's API: B's worker claims them all, then sends one per second.
    const recipients = Array.from({ length: SENDS }, (_, i) => `+3461177700${i}`);
    for (const to of recipients) {
      const res = await fetch(`${b.url}/api/whatsapp/messages`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ to, type: 'template', template: { name: 'hello_world', language: 'en_US' } }),
      });
      expect(res.status).toBe(202);
    }
    await until('B to claim every queued message', async () => {
      const rows = await messages().findMany({ where: { direction: 'outbound' }, select: ['deliveryStatus', 'lockedBy'] });
      return rows.length === SENDS && rows.every((row: any) => row.deliveryStatus !== 'queued' || row.lockedBy);
    });

    // 2. Webhooks to B, whose processor claims them and then waits on the customers table.
    const knex = a.strapi.db.connection as Knex;
    const lock = await knex.transaction();
    let released = false;
    try {
      await lock.raw('LOCK TABLE ?? IN EXCLUSIVE MODE', [tableOf(a.strapi, UID.customer).table]);
      const wamids: string[] = [];
      for (let i = 0; i < WEBHOOKS; i += 1) {
        const payload = inboundPayload({ from: `3462277700${i}`, name: `Sender ${i}`, message: { type: 'text', text: { body: `takeover ${i}` } } });
        const raw = rawOf(payload);
        const res = await fetch(`${b.url}/api/whatsapp/webhook`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Hub-Signature-256': signPayload(raw, TEST_CREDENTIALS.appSecret) },
          body: raw,
        });
        expect(res.status).toBe(200);
        wamids.push((payload.entry[0].changes[0].value as any).messages[0].id);
      }
      const leased = await until('B to lease a webhook event', async () => {
        const rows = await events().findMany({ where: { processingStatus: 'processing' }, select: ['id', 'attempts'] });
        return rows.length > 0 && rows;
      });

      // 3. The crash, while B holds both kinds of work.
      await b.kill();
      const claimed = await messages().findMany({ where: { direction: 'outbound', deliveryStatus: 'queued', lockedBy: { $notNull: true } }, select: ['id', 'customerWaId'] });
      expect(claimed.length).toBeGreaterThan(0);
      expect(leased.every((row: any) => row.attempts === 1)).toBe(true);
      await lock.commit();
      released = true;
      const stillLeased = await events().findMany({ where: { id: { $in: leased.map((row: any) => row.id) } }, select: ['processingStatus'] });
      expect(stillLeased.every((row: any) => row.processingStatus === 'processing')).toBe(true);

      // 4. A takes over once the leases expire.
      service(a, 'webhook-processor').start();
      service(a, 'outbox').start({ force: true });
      await until('A to process every webhook event', async () => (await events().count({ where: { processingStatus: { $ne: 'processed' } } })) === 0);
      await until('A to send every claimed message', async () => (await messages().count({ where: { direction: 'outbound', deliveryStatus: 'queued' } })) === 0);
      // Every webhook message stored once; the leased events were claimed twice (B, then A) and applied once.
      for (const wamid of wamids) expect(await messages().count({ where: { wamid, direction: 'inbound' } })).toBe(1);
      const after = await events().findMany({ where: { id: { $in: leased.map((row: any) => row.id) } }, select: ['attempts', 'processingStatus'] });
      expect(after.map((row: any) => [row.processingStatus, row.attempts])).toEqual(leased.map(() => ['processed', 2]));

      // Meta received every message at most once; each one B had claimed but not sent, exactly once, from A.
      const digits = (phone: string) => String(phone).replace(/\D/g, '');
      const received = (phone: string) => a.sandbox!.sent.filter((s) => digits(s.to) === digits(phone)).length;
      for (const to of recipients) expect(received(to)).toBeLessThanOrEqual(1);
      for (const row of claimed) expect(received(row.customerWaId)).toBe(1);
      const outbound = await messages().findMany({ where: { direction: 'outbound' }, select: ['id', 'deliveryStatus', 'customerWaId'] });
      const takenOver = outbound.filter((row: any) => claimed.some((c: any) => c.id === row.id));
      expect(takenOver.map((row: any) => row.deliveryStatus)).toEqual(claimed.map(() => 'accepted'));
      // A row B had moved to `sending` when it died is never resent (it goes to review): nothing else is left open.
      for (const row of outbound) expect(['accepted', 'sending']).toContain(row.deliveryStatus);
      expect(a.sandbox!.sent.length).toBe(outbound.filter((row: any) => received(row.customerWaId) === 1).length);
    } finally {
      if (!released) await lock.rollback().catch(() => undefined);
    }
  }, 180_000);
});

/**
 * The pair rate limit (docs/whatsapp-cloud-api.md#pair-rate-limit: about one message per 6 s from
 * a business number to one customer, short bursts borrowed) shared by two Strapi instances on
 * one database (#15): this test's Strapi and a second, real Strapi process on the same database
 * (tests/outbound/outbox-process.js) with the same sandbox. Together they never send a customer
 * more than the burst, then one message per interval, whichever instance sends. Before, each
 * process kept its own schedule, so the second instance could send a customer a burst of its own.
 * Runs on SQLite and PostgreSQL (DATABASE_CLIENT=postgres).
 */
import { fork, type ChildProcess } from 'child_process';
import path from 'path';
import { ALL_ACTIONS, apiToken, findMessage, MESSAGE, service, startOutboundApp, type TestApp } from './helpers';
import { PAIR_BURST, PAIR_INTERVAL_MS } from '../../plugins/whatsapp/server/src/outbound/rate-limit';
import { createPairLedger } from '../../plugins/whatsapp/server/src/outbound/pair-ledger';
import { UID } from '../../plugins/whatsapp/shared/uids';

const SCRIPT = path.join(__dirname, 'outbox-process.js');

/** The second instance, driven over IPC. */
function startSecondInstance() {
  const child: ChildProcess = fork(SCRIPT, [], { env: { ...process.env }, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const next = () =>
    new Promise<any>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`second instance exited (${code}):\n${stderr.slice(-3000)}`));
      child.once('exit', onExit);
      child.once('message', (message) => {
        child.off('exit', onExit);
        resolve(message);
      });
    });
  const ready = next();
  return {
    ready,
    async drain(): Promise<number> {
      const answer = next();
      child.send({ cmd: 'drain' });
      const message = await answer;
      if (message.error) throw new Error(`second instance: ${message.error}`);
      return message.drained;
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

describe('pair rate limit shared by two Strapi instances on one database', () => {
  let app: TestApp;
  let second: ReturnType<typeof startSecondInstance> | undefined;
  let token: string;

  beforeAll(async () => {
    app = await startOutboundApp();
    token = await apiToken(app, ALL_ACTIONS);
    second = startSecondInstance();
    await second.ready;
  }, 120_000);

  afterAll(async () => {
    await second?.stop();
    await app?.stop();
  });

  const outbox = () => service(app, 'outbox');
  const queue = async (to: string, count: number) => {
    const queued: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const res = await app.http
        .post('/api/whatsapp/messages')
        .set('Authorization', `Bearer ${token}`)
        .send({ to, type: 'template', template: { name: 'hello_world', language: 'en_US' } });
      expect(res.status).toBe(202);
      queued.push(res.body.data.documentId);
    }
    return queued;
  };
  const statuses = async (documentIds: string[]) => Promise.all(documentIds.map(async (id) => (await findMessage(app, id)).deliveryStatus));
  const sentTo = (phone: string) => app.sandbox!.sent.filter((s) => s.to === phone);
  const makeDue = (documentIds: string[]) =>
    app.strapi.db.query(MESSAGE).updateMany({ where: { documentId: { $in: documentIds }, deliveryStatus: 'queued' }, data: { nextAttemptAt: new Date() } });

  it('does not let the second instance send what the first one used up', async () => {
    const phone = '+34600777001';
    const queued = await queue(phone, PAIR_BURST + 2);
    await outbox().drain();
    expect(await statuses(queued)).toEqual([...Array(PAIR_BURST).fill('accepted'), 'queued', 'queued']);

    // The two left are due at once in the second instance, which has sent this customer nothing.
    await makeDue(queued);
    expect(await second!.drain()).toBe(2);
    expect(sentTo(phone)).toHaveLength(PAIR_BURST);
    const deferred = await Promise.all(queued.slice(PAIR_BURST).map((id) => findMessage(app, id)));
    for (const row of deferred) {
      expect(row).toMatchObject({ deliveryStatus: 'queued', attempts: 0 });
      expect(new Date(row.nextAttemptAt).getTime()).toBeGreaterThan(Date.now() + 1000);
    }
  });

  it('sends one burst in all when both instances drain at once, then one message per interval', async () => {
    const phone = '+34600777002';
    const queued = await queue(phone, PAIR_BURST + 5);
    const [a, b] = await Promise.all([outbox().drain(), second!.drain()]);
    expect(a + b).toBeGreaterThanOrEqual(PAIR_BURST + 5);
    expect(sentTo(phone)).toHaveLength(PAIR_BURST);
    expect((await statuses(queued)).filter((s) => s === 'accepted')).toHaveLength(PAIR_BURST);

    // One interval after the burst started, the pair has room for exactly one more, whoever sends.
    const firstAt = sentTo(phone)[0].at;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, firstAt + PAIR_INTERVAL_MS + 300 - Date.now())));
    await makeDue(queued);
    await Promise.all([outbox().drain(), second!.drain()]);
    const sent = sentTo(phone);
    expect(sent).toHaveLength(PAIR_BURST + 1);
    expect(sent[PAIR_BURST].at - firstAt).toBeGreaterThanOrEqual(PAIR_INTERVAL_MS - 100);
    // Every message went out once; the rest wait in the queue, their attempts unused.
    expect(new Set(sent.map((s) => s.wamid)).size).toBe(sent.length);
    const rows = await Promise.all(queued.map((id) => findMessage(app, id)));
    expect(rows.filter((r: any) => r.deliveryStatus === 'queued').map((r: any) => r.attempts)).toEqual(Array(4).fill(0));
  }, 60_000);

  it('lets exactly one burst through when two ledgers take the same pair at the same moment', async () => {
    // Two instances' ledgers (separate statements, separate connections on PostgreSQL), 20 takes each at once.
    const key = `race:${Date.now()}`;
    const ledgers = [createPairLedger(app.strapi), createPairLedger(app.strapi)];
    const waits = await Promise.all(ledgers.flatMap((ledger) => Array.from({ length: 20 }, () => ledger.tryTake(key))));
    expect(waits.filter((wait) => wait === 0)).toHaveLength(PAIR_BURST);
    // The refused ones are told to come back one interval from now, roughly.
    for (const wait of waits.filter((w) => w > 0)) {
      expect(wait).toBeGreaterThan(PAIR_INTERVAL_MS - 1000);
      expect(wait).toBeLessThanOrEqual(PAIR_INTERVAL_MS);
    }
    const row = await app.strapi.db.query(UID.pairSchedule).findOne({ where: { pairKey: key } });
    expect(Number(row.nextFreeMs) - Date.now()).toBeGreaterThan((PAIR_BURST - 1) * PAIR_INTERVAL_MS);
  });

  it('keeps one schedule row per pair in the database, and prunes the ones in the past', async () => {
    const rows = await app.strapi.db.query(UID.pairSchedule).findMany({});
    const keys = rows.map((r: any) => r.pairKey).sort();
    expect(keys).toEqual(expect.arrayContaining([expect.stringMatching(/:34600777001$/), expect.stringMatching(/:34600777002$/)]));
    expect(new Set(keys).size).toBe(keys.length);
    // A schedule in the past holds nothing a fresh pair does not: the worker's sweep drops it.
    await app.strapi.db.query(UID.pairSchedule).updateMany({ where: { pairKey: keys[0] }, data: { nextFreeMs: Date.now() - 1000 } });
    expect(await createPairLedger(app.strapi).prune()).toBe(1);
    expect((await app.strapi.db.query(UID.pairSchedule).findMany({})).map((r: any) => r.pairKey).sort()).toEqual(keys.slice(1));
  });
});

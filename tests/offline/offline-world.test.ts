/**
 * Offline mode is one world per database: the sandbox's credentials come from a seed stored in
 * the database, its 24-hour windows from the comms log, its templates from the template table.
 * So a CLI command on the server's database (`strapi admin:create-user`), a second server
 * instance and a restart all agree with the running server and with the plugin's own UI.
 * The CLI and the second instance are real processes (tests/offline/strapi-process.js).
 */
import { spawn } from 'child_process';
import crypto from 'crypto';
import path from 'path';
import request from 'supertest';
import { createAdmin, startTestApp, type TestApp } from '../helpers/strapi';
import { PLUGIN_ID, UID } from '../../plugins/whatsapp/shared/uids';
import { deriveSandboxCredentials, loadSandboxSeed } from '../../plugins/whatsapp/server/src/core/offline/seed';

const OFFLINE_ENV = {
  WHATSAPP_OFFLINE_MODE: 'true',
  WHATSAPP_SANDBOX_APPROVE_DELAY_MS: '200',
  WHATSAPP_OUTBOX_POLL_MS: '100',
};
const SCRIPT = path.join(__dirname, 'strapi-process.js');
const SLOW = 180_000;

interface ProcessReport {
  mode: string | null;
  sandboxRunning: boolean;
  outboxRunning: boolean;
  processorRunning: boolean;
  accessTokenHash: string | null;
  appSecretHash: string | null;
  businessAccountId: string | null;
  phoneNumberId: string | null;
  port?: number;
}

const hash = (value?: string) => (value ? crypto.createHash('sha256').update(value).digest('hex').slice(0, 16) : null);

/** Starts tests/offline/strapi-process.js with this test app's environment (its database). */
function startProcess(mode: 'cli' | 'server') {
  const child = spawn(process.execPath, [SCRIPT, mode], { env: { ...process.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const reported = new Promise<ProcessReport>((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const line = stdout.split('\n').find((l) => l.startsWith('REPORT '));
      if (line) resolve(JSON.parse(line.slice('REPORT '.length)));
    });
    child.stderr.on('data', (chunk) => (stderr += chunk));
    exited.then((code) => reject(new Error(`strapi-process ${mode} exited (${code}) without a report:\n${stderr.slice(-3000)}`)));
  });
  return {
    reported,
    exited,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Offline mode; the sandbox's webhooks find this Strapi's (random) port by themselves. */
async function bootOffline(database?: TestApp['database']): Promise<TestApp> {
  return startTestApp({ sandbox: false, env: OFFLINE_ENV, database });
}

describe('offline mode: one world per database', () => {
  let app: TestApp;
  let token: string;
  const service = (name: string) => app.strapi.plugin(PLUGIN_ID).service(name);
  const master = () => app.strapi.db.query(UID.businessAccount).findOne({ where: { isMaster: true } });

  /** A customer message through the in-process sandbox, processed into the comms log. */
  const customerWrites = async (from: string, text: string) => {
    const res = await app.http.post('/whatsapp/sandbox/inbound').set('Authorization', `Bearer ${token}`).send({ from, text });
    expect(res.status).toBe(200);
    expect(res.body.data.webhookStatus).toBe(200);
    const wamid = res.body.data.wamid;
    await until(() => app.strapi.db.query(UID.message).findOne({ where: { wamid } }), Boolean, 'the inbound message in the comms log');
  };

  /** A free-text reply from the composer (admin route) of the given Strapi. */
  const reply = async (http: ReturnType<typeof request>, to: string, text: string) => {
    const res = await http.post('/whatsapp/messages').set('Authorization', `Bearer ${token}`).send({ to, type: 'text', text });
    expect(res.status).toBe(202);
    return res.body.data.documentId as string;
  };

  /** Waits until Meta's side (the sandbox) delivered or failed the message. */
  const outcome = (documentId: string) =>
    until(
      () => app.strapi.db.query(UID.message).findOne({ where: { documentId } }),
      (row: any) => ['delivered', 'read', 'failed'].includes(row?.deliveryStatus),
      'the message to be delivered or fail'
    ).then((row: any) => ({ status: row.deliveryStatus, errorCode: row.errorCode, errorTitle: row.errorTitle }));

  const delivered = expect.objectContaining({ status: expect.stringMatching(/^(delivered|read)$/), errorCode: null });

  beforeAll(async () => {
    app = await bootOffline();
    ({ token } = await createAdmin(app));
  }, SLOW);

  afterAll(async () => {
    await app?.stop();
  });

  it('a CLI command on the same database (admin:create-user) starts no sandbox or worker and leaves the credentials alone', async () => {
    const before = await master();
    const state = service('runtime').get();
    expect(state.mode).toBe('offline');

    const cli = startProcess('cli');
    const report = await cli.reported;
    expect(await cli.exited).toBe(0);

    // The CLI boot resolves the same world but starts nothing of it.
    expect(report).toMatchObject({
      mode: 'offline',
      sandboxRunning: false,
      outboxRunning: false,
      processorRunning: false,
      accessTokenHash: hash(state.accessToken),
      appSecretHash: hash(state.appSecret),
    });
    // The stored credentials are untouched (not even re-encrypted).
    const after = await master();
    expect({ accessToken: after.accessToken, appSecret: after.appSecret, wabaId: after.wabaId }).toEqual({
      accessToken: before.accessToken,
      appSecret: before.appSecret,
      wabaId: before.wabaId,
    });
    expect(await app.strapi.db.query('admin::user').count({ where: { email: { $startsWith: 'cli-' } } })).toBe(1);

    // The running server still sends and syncs (no 190 Invalid OAuth access token).
    await customerWrites('+34 611 000 101', 'Hola, ¿abren el domingo?');
    expect(await outcome(await reply(app.http, '+34611000101', 'Sí, de 8 a 14.'))).toEqual(delivered);
    const [sync] = await service('templates').sync();
    expect(sync.error).toBeUndefined();
    expect(sync.listed).toBeGreaterThan(0);
  }, SLOW);

  it('a second server instance on the database agrees on the credentials, ids and windows', async () => {
    const state = service('runtime').get();
    const second = startProcess('server');
    try {
      const report = await second.reported;
      expect(report).toMatchObject({
        mode: 'offline',
        sandboxRunning: true,
        accessTokenHash: hash(state.accessToken),
        appSecretHash: hash(state.appSecret),
        businessAccountId: state.businessAccountId,
        phoneNumberId: state.phoneNumberId,
      });

      // The customer writes through this instance's sandbox; the reply leaves through the other
      // instance's sandbox (this outbox is stopped), which knows the window from the comms log.
      await customerWrites('+34 611 000 202', 'Quería encargar una tarta.');
      await service('outbox').stop();
      try {
        const other = request(`http://127.0.0.1:${report.port}`);
        expect(await outcome(await reply(other, '+34611000202', 'Claro, ¿para cuándo?'))).toEqual(delivered);
      } finally {
        service('outbox').start();
      }
      // And this instance still sends with the credentials both share.
      expect(await outcome(await reply(app.http, '+34611000202', 'Le esperamos.'))).toEqual(delivered);
    } finally {
      await second.stop();
    }
  }, SLOW);

  it('after a restart the 24-hour windows and the submitted templates are still there', async () => {
    await customerWrites('+34 611 000 303', '¿Tienen pan sin gluten?');
    const template = await app.strapi.documents(UID.template).create({
      data: {
        name: 'pickup_reminder',
        language: 'es',
        category: 'UTILITY',
        parameterFormat: 'POSITIONAL',
        body: 'Hola {{1}}, su pedido le espera en la tienda.',
        bodyExamples: ['Lucía'],
      } as any,
    });
    await service('templates').submit(template.documentId);
    await until(
      () => app.strapi.db.query(UID.template).findOne({ where: { documentId: template.documentId } }),
      (row: any) => row?.reviewStatus === 'APPROVED',
      'the sandbox to approve the template'
    );
    const credentials = await master();

    await app.stop({ keepDatabase: true });
    app = await bootOffline(app.database);
    ({ token } = await createAdmin(app));

    // Same credentials, nothing rewritten.
    const after = await master();
    expect([after.accessToken, after.appSecret]).toEqual([credentials.accessToken, credentials.appSecret]);

    // The window the customer opened before the restart is open for the plugin and the sandbox.
    expect(await outcome(await reply(app.http, '+34611000303', 'Sí, todos los días.'))).toEqual(delivered);

    // The template submitted before the restart survives the sandbox's (startup) sync and sends.
    const [sync] = await service('templates').sync();
    expect(sync.error).toBeUndefined();
    expect(await app.strapi.db.query(UID.template).findOne({ where: { documentId: template.documentId } })).toMatchObject({
      reviewStatus: 'APPROVED',
      deletedAtMeta: false,
    });
    const res = await app.http
      .post('/whatsapp/messages')
      .set('Authorization', `Bearer ${token}`)
      .send({ to: '+34611000303', type: 'template', template: { name: 'pickup_reminder', language: 'es', body: ['Lucía'] } });
    expect(res.status).toBe(202);
    expect(await outcome(res.body.data.documentId)).toEqual(delivered);
  }, SLOW);

  // Last: it replaces this database's seed.
  it('processes that find no seed at the same moment end up with one seed, the same for all', async () => {
    await app.strapi.db.query(UID.sandboxState).deleteMany({ where: {} });
    const seeds = await Promise.all([1, 2, 3].map(() => loadSandboxSeed(app.strapi)));
    expect(new Set(seeds).size).toBe(1);
    expect(seeds[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(await app.strapi.db.query(UID.sandboxState).count()).toBe(1);
    expect(deriveSandboxCredentials(seeds[0])).toEqual(deriveSandboxCredentials(await loadSandboxSeed(app.strapi)));
  });
});

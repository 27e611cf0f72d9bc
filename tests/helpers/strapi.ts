/**
 * Boots a real Strapi (the host app with the plugin) for one test file, on a fresh database:
 * a temporary SQLite file by default, a fresh PostgreSQL database when DATABASE_CLIENT=postgres.
 * By default a Cloud API sandbox is started on a random port and the plugin is pointed at it, and
 * the sandbox's status webhooks are pointed back at this Strapi: real HTTP both ways.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { createSandbox, type Sandbox, type SandboxOptions } from '../../plugins/whatsapp/sandbox';
import { createTestDatabase, type TestDatabase } from './database';

export const APP_DIR = path.resolve(__dirname, '..', '..');
export const DIST_DIR = path.join(APP_DIR, 'dist');

export const TEST_CREDENTIALS = {
  accessToken: 'test-access-token-0123456789',
  appSecret: 'test-app-secret-abcdef',
  verifyToken: 'test-verify-token',
  businessAccountId: '200000000000001',
  phoneNumberId: '100000000000001',
  displayPhoneNumber: '+34 600 000 001',
};

export interface TestApp {
  strapi: Core.Strapi;
  /** Base URL of the listening Strapi, e.g. http://127.0.0.1:41234 */
  url: string;
  http: ReturnType<typeof request>;
  sandbox?: Sandbox;
  /** The database of this boot; pass it to another startTestApp to restart on the same data. */
  database: TestDatabase;
  /** keepDatabase: leave the database for a later boot (which then owns dropping it). */
  stop(options?: { keepDatabase?: boolean }): Promise<void>;
}

export interface TestAppOptions {
  /** Extra environment for this boot; `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
  /** false: no sandbox and no WhatsApp credentials in the environment. */
  sandbox?: false | Partial<SandboxOptions>;
  /** Boot on this existing database (from a previous app stopped with keepDatabase). */
  database?: TestDatabase;
  /**
   * Keys the host app sets in `plugins.whatsapp.config`, as a host's config/plugins would. The
   * app then boots from a copy of dist/ (under .tmp/) whose config/plugins.js adds them.
   */
  hostPluginConfig?: Record<string, unknown>;
  /** Called with the Strapi instance before it loads (e.g. to spy on strapi.log). */
  beforeLoad?: (strapi: Core.Strapi) => void;
}

/** A copy of dist/ whose config/plugins.js sets `whatsapp.config` keys over the real one. */
function distWithHostPluginConfig(hostConfig: Record<string, unknown>): string {
  const dir = path.join(APP_DIR, '.tmp', `test-dist-${process.pid}-${counter}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(DIST_DIR, dir, { recursive: true });
  const original = path.join(DIST_DIR, 'config', 'plugins.js');
  fs.writeFileSync(
    path.join(dir, 'config', 'plugins.js'),
    `const original = require(${JSON.stringify(original)});
const host = ${JSON.stringify(hostConfig)};
module.exports = (params) => {
  const base = original.default || original;
  const plugins = typeof base === 'function' ? base(params) : base;
  const whatsapp = plugins.whatsapp || {};
  return { ...plugins, whatsapp: { ...whatsapp, config: { ...(whatsapp.config || {}), ...host } } };
};
`
  );
  return dir;
}

let counter = 0;

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  counter += 1;
  const savedEnv = { ...process.env };
  let sandbox: Sandbox | undefined;
  let database: TestDatabase | undefined;
  let strapi: Core.Strapi | undefined;

  let distDir = DIST_DIR;

  const cleanup = async ({ keepDatabase = false }: { keepDatabase?: boolean } = {}) => {
    if (strapi) await strapi.destroy().catch(() => undefined);
    if (sandbox) await sandbox.close().catch(() => undefined);
    if (database && !keepDatabase) await database.drop().catch(() => undefined);
    if (distDir !== DIST_DIR) fs.rmSync(distDir, { recursive: true, force: true });
    process.env = savedEnv;
  };

  try {
    const env: Record<string, string | undefined> = {};
    for (const key of Object.keys(process.env)) {
      // REDIS_URL switches the live bus to Redis (core/live): a test that wants it sets it.
      if (key.startsWith('WHATSAPP_') || key === 'ENABLE_WHATSAPP_NOTIFICATIONS' || key === 'REDIS_URL') env[key] = undefined;
    }
    if (options.sandbox !== false) {
      sandbox = createSandbox({
        appSecret: TEST_CREDENTIALS.appSecret,
        accessTokens: [TEST_CREDENTIALS.accessToken],
        wabaId: TEST_CREDENTIALS.businessAccountId,
        phoneNumbers: [
          {
            id: TEST_CREDENTIALS.phoneNumberId,
            displayPhoneNumber: TEST_CREDENTIALS.displayPhoneNumber,
            verifiedName: 'Test Bakery',
          },
        ],
        ...(options.sandbox ?? {}),
      });
      await sandbox.listen(0, '127.0.0.1');
      Object.assign(env, {
        WHATSAPP_GRAPH_API_URL: sandbox.url,
        WHATSAPP_ACCESS_TOKEN: TEST_CREDENTIALS.accessToken,
        WHATSAPP_APP_SECRET: TEST_CREDENTIALS.appSecret,
        WHATSAPP_WEBHOOK_VERIFY_TOKEN: TEST_CREDENTIALS.verifyToken,
        WHATSAPP_BUSINESS_ACCOUNT_ID: TEST_CREDENTIALS.businessAccountId,
        WHATSAPP_PHONE_NUMBER_ID: TEST_CREDENTIALS.phoneNumberId,
        WHATSAPP_OFFLINE_MODE: 'false',
      });
    }
    database = options.database ?? (await createTestDatabase(`t${process.pid}_${counter}`));
    Object.assign(env, database.env, options.env ?? {});
    for (const [key, value] of Object.entries(env)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }

    if (options.hostPluginConfig) distDir = distWithHostPluginConfig(options.hostPluginConfig);

    // Loaded lazily so that a test file that only unit-tests never pays for Strapi's import.
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { createStrapi } = require('@strapi/strapi');
    // Kept before load() so that a failed boot is still destroyed (no open handles).
    const instance = createStrapi({
      appDir: APP_DIR,
      distDir,
      autoReload: false,
      serveAdminPanel: false,
    }) as Core.Strapi;
    strapi = instance;
    options.beforeLoad?.(instance);
    await instance.load();
    instance.server.mount();
    await new Promise<void>((resolve) => instance.server.httpServer.listen(0, '127.0.0.1', resolve));
    // Listening starts what a server runs (workers, schedules, the offline sandbox): wait for it,
    // as a request would (core/runtime.ts), since tests also call services directly.
    await instance.plugin('whatsapp').service('runtime').serving();
    const address = instance.server.httpServer.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const url = `http://127.0.0.1:${port}`;
    sandbox?.setWebhookUrl(`${url}/api/whatsapp/webhook`);

    return {
      strapi: instance,
      url,
      http: request(instance.server.httpServer),
      sandbox,
      database,
      stop: cleanup,
    };
  } catch (error) {
    // Strapi loads the app in one Promise.all (plugins, APIs, components…): when one loader
    // rejects (e.g. a bad config), its siblings keep requiring files. Let them finish before the
    // test file ends, or jest reports "require after the environment was torn down" and fails.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await cleanup();
    throw error;
  }
}

/** A super admin and its JWT, for the admin routes (`/whatsapp/...`). */
export async function createAdmin(
  app: TestApp,
  { email = `admin-${Date.now()}-${counter}@example.com`, password = 'Admin12345!', roleCode = 'strapi-super-admin' } = {}
): Promise<{ token: string; email: string; password: string; user: any }> {
  const role = await app.strapi.db.query('admin::role').findOne({ where: { code: roleCode } });
  const user = await app.strapi.service('admin::user').create({
    email,
    firstname: 'Test',
    lastname: 'Admin',
    password,
    registrationToken: null,
    isActive: true,
    roles: role ? [role.id] : [],
  });
  const res = await app.http.post('/admin/login').send({ email, password });
  if (res.status !== 200) throw new Error(`admin login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { token: res.body.data.token, email, password, user };
}

export function tmpFile(name: string): string {
  return path.join(os.tmpdir(), name);
}

export function removeIfExists(file: string): void {
  fs.rmSync(file, { force: true });
}

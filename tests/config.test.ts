/**
 * Configuration: defaults, parsing of raw environment strings, and startup errors that name the
 * environment variable to fix; the plugin reading WHATSAPP_* itself, the host's config/plugins
 * overriding a key, and the startup log naming each setting's source without printing a secret.
 * The API tests boot Strapi with the repository's minimal config/plugins (no whatsapp keys).
 */
import type { Core } from '@strapi/strapi';
import { readEnvironment } from '../plugins/whatsapp/server/src/core/config/env';
import { CONFIG_KEYS, parseConfig } from '../plugins/whatsapp/server/src/core/config/schema';
import { configSources, describeConfig } from '../plugins/whatsapp/server/src/core/config/sources';
import pluginConfig from '../plugins/whatsapp/server/src/core/config';
import { createAdmin, startTestApp, TEST_CREDENTIALS, type TestApp } from './helpers/strapi';

/** Every line Strapi logs (any level), captured from before the load. */
function captureLog(lines: string[]) {
  return (strapi: Core.Strapi) => {
    for (const level of ['error', 'warn', 'info', 'http', 'verbose', 'debug'] as const) {
      const original = (strapi.log as any)[level].bind(strapi.log);
      (strapi.log as any)[level] = (message: unknown, ...rest: unknown[]) => {
        lines.push(`${level}: ${typeof message === 'string' ? message : JSON.stringify(message)}`);
        return original(message, ...rest);
      };
    }
  };
}

const SECRETS = [TEST_CREDENTIALS.accessToken, TEST_CREDENTIALS.appSecret, TEST_CREDENTIALS.verifyToken];
const ENCRYPTION_KEY = 'an-encryption-key-of-at-least-32-characters';

describe('plugin configuration', () => {
  it('has working defaults with nothing set', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      apiVersion: 'v25.0',
      graphApiUrl: 'https://graph.facebook.com',
      notificationsEnabled: true,
      offlineMode: 'auto',
      autoCreateCustomers: true,
      optOutKeywords: ['STOP', 'BAJA', 'UNSUBSCRIBE'],
    });
    expect(config.accessToken).toBeUndefined();
  });

  it('treats blank strings as unset', () => {
    const config = parseConfig({ accessToken: '', phoneNumberId: '  ', apiVersion: '' });
    expect(config.accessToken).toBeUndefined();
    expect(config.phoneNumberId).toBeUndefined();
    expect(config.apiVersion).toBe('v25.0');
  });

  it('parses booleans, numbers and lists from environment strings', () => {
    const config = parseConfig({
      notificationsEnabled: 'false',
      offlineMode: 'true',
      webhookRetentionDays: '7',
      optOutKeywords: 'stop, baja ,parar',
      graphApiUrl: 'http://127.0.0.1:4010/',
    });
    expect(config.notificationsEnabled).toBe(false);
    expect(config.offlineMode).toBe(true);
    expect(config.webhookRetentionDays).toBe(7);
    expect(config.optOutKeywords).toEqual(['STOP', 'BAJA', 'PARAR']);
    expect(config.graphApiUrl).toBe('http://127.0.0.1:4010');
  });

  it('keeps the leases of several instances at 2 and 5 minutes unless shortened', () => {
    expect(parseConfig({})).toMatchObject({ webhookLeaseMs: 120_000, outboxLeaseMs: 300_000 });
    expect(parseConfig({ webhookLeaseMs: '3000', outboxLeaseMs: 4000 })).toMatchObject({ webhookLeaseMs: 3000, outboxLeaseMs: 4000 });
  });

  it.each([
    [{ apiVersion: '25' }, 'WHATSAPP_API_VERSION'],
    [{ phoneNumberId: '+34 600' }, 'WHATSAPP_PHONE_NUMBER_ID'],
    [{ businessAccountId: 'abc' }, 'WHATSAPP_BUSINESS_ACCOUNT_ID'],
    [{ notificationsEnabled: 'maybe' }, 'ENABLE_WHATSAPP_NOTIFICATIONS'],
    [{ graphApiUrl: 'graph.facebook.com' }, 'WHATSAPP_GRAPH_API_URL'],
    [{ encryptionKey: 'short' }, 'WHATSAPP_ENCRYPTION_KEY'],
    [{ offlineMode: 'sometimes' }, 'WHATSAPP_OFFLINE_MODE'],
    [{ webhookRetentionDays: 'ten' }, 'WHATSAPP_WEBHOOK_RETENTION_DAYS'],
    // Under a second, another instance could take over work its live holder is still doing.
    [{ webhookLeaseMs: '500' }, 'WHATSAPP_WEBHOOK_LEASE_MS must be at least 1000'],
    [{ outboxLeaseMs: '5 min' }, 'WHATSAPP_OUTBOX_LEASE_MS must be a whole number'],
  ])('rejects %p naming %s', (raw, envName) => {
    expect(() => parseConfig(raw)).toThrow(envName);
  });

  it('never echoes a secret value in a validation error', () => {
    const secret = 'super-secret-token-value';
    try {
      parseConfig({ accessToken: secret, apiVersion: 'bad' });
      throw new Error('expected a validation error');
    } catch (error) {
      expect(String((error as Error).message)).not.toContain(secret);
    }
  });

  it('stops Strapi at startup with a message naming the malformed variable', async () => {
    await expect(startTestApp({ env: { WHATSAPP_API_VERSION: 'latest' } })).rejects.toThrow(/WHATSAPP_API_VERSION/);
  });

  it('reads the settings from the environment itself, skipping blank variables', () => {
    expect(
      readEnvironment({
        WHATSAPP_API_VERSION: 'v99.0',
        ENABLE_WHATSAPP_NOTIFICATIONS: 'false',
        WHATSAPP_PHONE_NUMBER_ID: '  ',
        WHATSAPP_UNKNOWN: 'x',
        PATH: '/usr/bin',
      })
    ).toEqual({ apiVersion: 'v99.0', notificationsEnabled: 'false' });
    // Strapi calls `default` at each load and merges the host's keys over what it returns.
    const saved = process.env.WHATSAPP_SYNC_CRON;
    process.env.WHATSAPP_SYNC_CRON = 'false';
    try {
      expect((pluginConfig.default as () => Record<string, string>)()).toMatchObject({ syncCron: 'false' });
    } finally {
      if (saved === undefined) delete process.env.WHATSAPP_SYNC_CRON;
      else process.env.WHATSAPP_SYNC_CRON = saved;
    }
  });

  it('tells a host key from an environment variable from a default', () => {
    const env = { apiVersion: 'v99.0', offlineMode: 'false', outboxMaxAttempts: '5' };
    const merged = { ...env, apiVersion: 'v98.0', publicUrl: 'https://crm.example.com' };
    expect(configSources(merged, env)).toMatchObject({
      apiVersion: 'host',
      offlineMode: 'env',
      outboxMaxAttempts: 'env',
      publicUrl: 'host',
      accessToken: 'default',
      syncCron: 'default',
    });
  });

  it('names the host key, not the variable, when the host set the bad value', () => {
    expect(() => parseConfig({ apiVersion: 'latest' }, { apiVersion: 'host' })).toThrow(
      'whatsapp.config.apiVersion (in config/plugins) must look like v25.0'
    );
    expect(() => parseConfig({ apiVersion: 'latest' }, { apiVersion: 'env' })).toThrow('WHATSAPP_API_VERSION must');
  });

  it('describes each setting with its source and never prints a secret', () => {
    const env = {
      WHATSAPP_ACCESS_TOKEN: 'EAAG-secret-token-value',
      WHATSAPP_APP_SECRET: 'app-secret-value',
      WHATSAPP_ENCRYPTION_KEY: ENCRYPTION_KEY,
      WHATSAPP_API_VERSION: 'v99.0',
      WHATSAPP_GRAPH_API_URL: 'https://user:graph-password@graph.example.com',
      WHATSAPP_ACCES_TOKEN: 'typo',
      WHATSAPP_DEMO_SEED: 'true',
    };
    const merged = { ...readEnvironment(env), webhookVerifyToken: 'host-verify-token', apiVersion: 'v98.0', accesToken: 'x' };
    const { lines, warnings } = describeConfig(merged, env);
    const text = [...lines, ...warnings].join('\n');
    expect(lines[0]).toBe(`[whatsapp] Settings: 4 from the environment, 2 from the host config (config/plugins), ${CONFIG_KEYS.length - 6} defaults.`);
    expect(lines).toEqual(
      expect.arrayContaining([
        '[whatsapp]   accessToken: set (env WHATSAPP_ACCESS_TOKEN)',
        '[whatsapp]   appSecret: set (env WHATSAPP_APP_SECRET)',
        '[whatsapp]   encryptionKey: set (env WHATSAPP_ENCRYPTION_KEY)',
        '[whatsapp]   webhookVerifyToken: set (host config)',
        '[whatsapp]   apiVersion: v98.0 (host config; WHATSAPP_API_VERSION in the environment is ignored)',
        '[whatsapp]   graphApiUrl: https://***@graph.example.com (env WHATSAPP_GRAPH_API_URL)',
      ])
    );
    expect(lines[lines.length - 1]).toMatch(/^\[whatsapp\]   defaults: notificationsEnabled=true, .*offlineMode=auto.*; not set: phoneNumberId, businessAccountId, publicUrl(, \w+)*$/);
    expect(lines[lines.length - 1]).toMatch(/liveBus=auto.*; not set: .*redisUrl/);
    expect(warnings).toEqual([
      '[whatsapp] WHATSAPP_ACCES_TOKEN is not a setting of the plugin (ignored): did you mean WHATSAPP_ACCESS_TOKEN?',
      '[whatsapp] whatsapp.config.accesToken in config/plugins is not a setting of the plugin (ignored): did you mean accessToken?',
    ]);
    for (const secret of ['EAAG-secret-token-value', 'app-secret-value', ENCRYPTION_KEY, 'host-verify-token', 'graph-password']) {
      expect(text).not.toContain(secret);
    }
  });

  it('warns when the host blanks out a variable that is set', () => {
    const env = { WHATSAPP_PUBLIC_URL: 'https://crm.example.com' };
    const { warnings } = describeConfig({ publicUrl: '' }, env);
    expect(warnings).toEqual([
      '[whatsapp] WHATSAPP_PUBLIC_URL is set, but config/plugins sets whatsapp.config.publicUrl to an empty value: the default is used.',
    ]);
  });

  it('chooses the live bus from WHATSAPP_LIVE_BUS and REDIS_URL, and never prints the Redis password', () => {
    expect(parseConfig(readEnvironment({})).liveBus).toBe('auto');
    expect(parseConfig(readEnvironment({ WHATSAPP_LIVE_BUS: ' Redis ', REDIS_URL: 'redis://127.0.0.1:6379' }))).toMatchObject({
      liveBus: 'redis',
      redisUrl: 'redis://127.0.0.1:6379',
    });
    expect(() => parseConfig(readEnvironment({ WHATSAPP_LIVE_BUS: 'kafka' }))).toThrow('WHATSAPP_LIVE_BUS must be auto, memory, postgres or redis');
    expect(() => parseConfig(readEnvironment({ REDIS_URL: 'http://cache:6379' }))).toThrow('REDIS_URL must be a redis:// or rediss:// URL');
    const env = { REDIS_URL: 'redis://default:redis-password@cache.internal:6379/2' };
    const { lines } = describeConfig(readEnvironment(env), env);
    expect(lines).toContain('[whatsapp]   redisUrl: redis://***@cache.internal:6379/2 (env REDIS_URL)');
    expect(lines.join('\n')).not.toContain('redis-password');
  });

  describe('with environment variables only (no whatsapp keys in config/plugins)', () => {
    let app: TestApp;
    const log: string[] = [];
    const graph: string[] = [];

    beforeAll(async () => {
      app = await startTestApp({
        env: { WHATSAPP_API_VERSION: 'v99.0', WHATSAPP_OFFLINE_MODE: 'false', WHATSAPP_ENCRYPTION_KEY: ENCRYPTION_KEY },
        sandbox: { log: (line) => graph.push(line) },
        beforeLoad: captureLog(log),
      });
    });

    afterAll(async () => {
      await app?.stop();
    });

    it('goes live with the version and credentials from the environment', async () => {
      const runtime = app.strapi.plugin('whatsapp').service('runtime').get();
      expect(runtime).toMatchObject({
        mode: 'live',
        apiVersion: 'v99.0',
        graphApiUrl: app.sandbox!.url,
        businessAccountId: TEST_CREDENTIALS.businessAccountId,
        phoneNumberId: TEST_CREDENTIALS.phoneNumberId,
      });
      expect(runtime.config.offlineMode).toBe(false);
      // A real Graph call goes out with that version.
      const { token } = await createAdmin(app);
      const res = await app.http.post('/whatsapp/phone-numbers/sync').set('Authorization', `Bearer ${token}`).send({});
      expect(res.status).toBe(200);
      expect(graph.some((line) => line.startsWith('GET /v99.0/'))).toBe(true);
      expect(graph.some((line) => /\/v25\.0\//.test(line))).toBe(false);
    });

    it('logs where each setting came from, and no secret', () => {
      const info = log.filter((line) => line.startsWith('info: [whatsapp]'));
      expect(info[0]).toBe(`info: [whatsapp] Settings: 9 from the environment, 0 from the host config (config/plugins), ${CONFIG_KEYS.length - 9} defaults.`);
      expect(info).toEqual(
        expect.arrayContaining([
          'info: [whatsapp]   accessToken: set (env WHATSAPP_ACCESS_TOKEN)',
          'info: [whatsapp]   appSecret: set (env WHATSAPP_APP_SECRET)',
          'info: [whatsapp]   webhookVerifyToken: set (env WHATSAPP_WEBHOOK_VERIFY_TOKEN)',
          'info: [whatsapp]   encryptionKey: set (env WHATSAPP_ENCRYPTION_KEY)',
          'info: [whatsapp]   apiVersion: v99.0 (env WHATSAPP_API_VERSION)',
          'info: [whatsapp]   offlineMode: false (env WHATSAPP_OFFLINE_MODE)',
          `info: [whatsapp]   graphApiUrl: ${app.sandbox!.url} (env WHATSAPP_GRAPH_API_URL)`,
        ])
      );
      expect(info.find((line) => line.includes('defaults:'))).toContain('notificationsEnabled=true');
      const everything = log.join('\n');
      for (const secret of [...SECRETS, ENCRYPTION_KEY]) expect(everything).not.toContain(secret);
    });
  });

  describe('with a key in the host config', () => {
    let app: TestApp;
    const log: string[] = [];

    beforeAll(async () => {
      app = await startTestApp({
        env: { WHATSAPP_API_VERSION: 'v99.0', WHATSAPP_OUTBOX_MAX_ATTEMPTS: '5' },
        hostPluginConfig: { apiVersion: 'v98.0', webhookRetentionDays: 7 },
        beforeLoad: captureLog(log),
      });
    });

    afterAll(async () => {
      await app?.stop();
    });

    it('lets the host key win over the environment, key by key', () => {
      const runtime = app.strapi.plugin('whatsapp').service('runtime').get();
      expect(runtime.mode).toBe('live');
      expect(runtime.apiVersion).toBe('v98.0');
      expect(runtime.config).toMatchObject({ apiVersion: 'v98.0', webhookRetentionDays: 7, outboxMaxAttempts: 5 });
    });

    it('says so in the log', () => {
      expect(log).toEqual(
        expect.arrayContaining([
          'info: [whatsapp]   apiVersion: v98.0 (host config; WHATSAPP_API_VERSION in the environment is ignored)',
          'info: [whatsapp]   webhookRetentionDays: 7 (host config)',
          'info: [whatsapp]   outboxMaxAttempts: 5 (env WHATSAPP_OUTBOX_MAX_ATTEMPTS)',
        ])
      );
      const everything = log.join('\n');
      for (const secret of SECRETS) expect(everything).not.toContain(secret);
    });
  });

  it('stops Strapi naming the host key when the host config holds the bad value', async () => {
    await expect(startTestApp({ hostPluginConfig: { apiVersion: 'latest' } })).rejects.toThrow(
      /whatsapp\.config\.apiVersion \(in config\/plugins\) must look like v25\.0/
    );
  });
});

import type { AddressInfo } from 'net';
import type { Core } from '@strapi/strapi';
import { createDemoSandboxOptions, createSandbox, type Sandbox } from '../../../sandbox';
import { parseConfig, type PluginConfig } from './config/schema';
import { PLUGIN_ID } from './get-service';
import { loadSandboxCredentials } from './offline/seed';
import { lastInboundFromCommsLog, templatesFromDatabase } from './offline/world';

/**
 * What the plugin talks to, decided once at bootstrap from the configuration:
 * - `live`: Meta's Graph API with the credentials from the environment;
 * - `offline`: no access token (and offline mode not switched off) → the built-in Cloud API
 *   sandbox, with credentials derived from a seed stored in the database (core/offline/seed.ts),
 *   so every Strapi process on the database agrees on them;
 * - `unconfigured`: no token and WHATSAPP_OFFLINE_MODE=false → sends answer 503.
 *
 * And when this process serves. Strapi CLI commands (`strapi admin:create-user`, `configuration:dump`
 * …) boot the whole app with `createStrapi().load()` (register and bootstrap) but never listen; only
 * `strapi start`, `strapi develop` and `strapi console` go on to `listen()`. So what a server runs
 * (the offline sandbox's HTTP server, the workers, the schedules, the demo seed) are serving tasks,
 * started when Strapi's HTTP server emits `listening` (bootstrap.ts), never in a CLI process.
 */
export type RuntimeMode = 'live' | 'offline' | 'unconfigured';

export interface RuntimeState {
  mode: RuntimeMode;
  config: PluginConfig;
  /** Offline: the in-process sandbox's URL once this process serves, '' before (and in CLI commands). */
  graphApiUrl: string;
  apiVersion: string;
  /** Master credentials; in offline mode the sandbox's, derived from the database's seed. */
  accessToken?: string;
  appSecret?: string;
  verifyToken?: string;
  businessAccountId?: string;
  phoneNumberId?: string;
}

/** Offline defaults: the demo WABA and the first demo number of the sandbox. */
export const OFFLINE_DEFAULTS = {
  businessAccountId: '100000000000000',
  phoneNumberId: '106540352242001',
  verifyToken: 'sandbox-verify-token',
};

type ServingTask = () => unknown;

/** Where this Strapi answers, as seen from the same machine (for the sandbox's webhooks). */
function localBaseUrl(strapi: Core.Strapi): string {
  const address = strapi.server.httpServer.address() as AddressInfo | string | null;
  if (address && typeof address === 'object') {
    const wildcard = ['0.0.0.0', '::', ''].includes(address.address);
    const host = wildcard ? '127.0.0.1' : address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${host}:${address.port}`;
  }
  return `http://127.0.0.1:${strapi.config.get('server.port', 1337)}`;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  let state: RuntimeState | undefined;
  let sandbox: Sandbox | undefined;
  let tasks: ServingTask[] = [];
  let serving: Promise<void> | undefined;
  let settled = false;
  let onListening: (() => void) | undefined;
  let markServed: () => void = () => undefined;
  let served = new Promise<void>((resolve) => (markServed = resolve));

  const readConfig = (): PluginConfig => parseConfig(strapi.config.get(`plugin::${PLUGIN_ID}`));

  const runTask = async (task: ServingTask) => {
    try {
      await task();
    } catch (error) {
      strapi.log.error(`[whatsapp] A serving task failed: ${(error as Error)?.stack ?? error}`);
    }
  };

  return {
    /**
     * Resolves the mode; in offline mode reads the sandbox's credentials from the database (the
     * seed is created when there is none, never replaced). Starts nothing. Idempotent.
     */
    async start(): Promise<RuntimeState> {
      if (state) return state;
      const config = readConfig();
      const offline =
        config.offlineMode === true || (config.offlineMode === 'auto' && !config.accessToken);

      if (!offline && !config.accessToken) {
        state = { mode: 'unconfigured', config, graphApiUrl: config.graphApiUrl, apiVersion: config.apiVersion };
        strapi.log.warn(
          '[whatsapp] No WHATSAPP_ACCESS_TOKEN and offline mode is off: WhatsApp is not configured, sends answer 503.'
        );
        return state;
      }

      if (!offline) {
        state = {
          mode: 'live',
          config,
          graphApiUrl: config.graphApiUrl,
          apiVersion: config.apiVersion,
          accessToken: config.accessToken,
          appSecret: config.appSecret,
          verifyToken: config.webhookVerifyToken,
          businessAccountId: config.businessAccountId,
          phoneNumberId: config.phoneNumberId,
        };
        if (!config.appSecret) {
          strapi.log.warn('[whatsapp] WHATSAPP_APP_SECRET is not set: webhook POSTs will be refused (401).');
        }
        return state;
      }

      // Offline: random per database (not a well-known key, so a dev instance never accepts
      // forged webhooks), the same for every process on it.
      const { accessToken, appSecret } = await loadSandboxCredentials(strapi);
      const demo = createDemoSandboxOptions();
      state = {
        mode: 'offline',
        config,
        graphApiUrl: '',
        apiVersion: config.apiVersion,
        accessToken,
        appSecret,
        verifyToken: config.webhookVerifyToken ?? OFFLINE_DEFAULTS.verifyToken,
        businessAccountId: config.businessAccountId ?? demo.wabaId ?? OFFLINE_DEFAULTS.businessAccountId,
        phoneNumberId: config.phoneNumberId ?? demo.phoneNumbers?.[0]?.id ?? OFFLINE_DEFAULTS.phoneNumberId,
      };
      return state;
    },

    /**
     * Offline mode, in a serving process: starts the sandbox on a loopback port, with the
     * database's credentials, windows and templates (core/offline/world.ts), points the Graph
     * client at it and its webhooks at this Strapi. Each serving instance runs its own sandbox.
     */
    async startSandbox(): Promise<void> {
      const current = this.get();
      if (current.mode !== 'offline' || sandbox) return;
      const demo = createDemoSandboxOptions();
      const handle = createSandbox({
        ...demo,
        appSecret: current.appSecret!,
        accessTokens: [current.accessToken!],
        approveDelayMs: current.config.sandboxApproveDelayMs,
        lastInboundAt: (phoneNumberId, waId) => lastInboundFromCommsLog(strapi, phoneNumberId, waId),
        templateSource: () => templatesFromDatabase(strapi, demo.wabaId),
        log: (line: string) => strapi.log.debug(`[whatsapp:sandbox] ${line}`),
      });
      await handle.listen(0, '127.0.0.1');
      sandbox = handle;
      handle.setWebhookUrl(`${localBaseUrl(strapi)}/api/${PLUGIN_ID}/webhook`);
      current.graphApiUrl = handle.url;
      strapi.log.info(
        `[whatsapp] Offline mode: no WhatsApp credentials, using the built-in Cloud API sandbox at ${handle.url}. ` +
          'Set WHATSAPP_ACCESS_TOKEN (and the other WHATSAPP_* variables) to talk to Meta.'
      );
    },

    /** The resolved state; throws if called before bootstrap started the runtime. */
    get(): RuntimeState {
      if (!state) throw new Error('[whatsapp] runtime not started yet');
      return state;
    },

    /** The in-process sandbox in offline mode, once this process serves (the "simulate inbound" route). */
    sandbox(): Sandbox | undefined {
      return sandbox;
    },

    /**
     * Adds a task for when this process serves (runs it now if it already does). Tasks run one
     * after another in the order added; a failing one is logged and the next still runs. The host
     * app adds its own (the demo seed) from its bootstrap.
     */
    onServing(task: ServingTask): void {
      if (serving) void serving.then(() => runTask(task));
      else tasks.push(task);
    },

    /**
     * Runs the serving tasks once Strapi's HTTP server listens (at once if it already does).
     * A process that never listens (a CLI command) never runs them.
     */
    serveWhenListening(): void {
      const server = strapi.server.httpServer;
      const begin = () => {
        onListening = undefined;
        void this.beginServing();
      };
      if (server.listening) return begin();
      onListening = begin;
      server.once('listening', begin);
    },

    beginServing(): Promise<void> {
      if (!serving) {
        const queued = tasks;
        tasks = [];
        serving = (async () => {
          for (const task of queued) await runTask(task);
          settled = true;
          markServed();
        })();
      }
      return serving;
    },

    /** Resolves once this process serves and its serving tasks ran; pending in a CLI process. */
    serving(): Promise<void> {
      return served;
    },

    /** While the serving tasks run (the HTTP server listens already): their promise; else undefined. */
    startingToServe(): Promise<void> | undefined {
      return serving && !settled ? serving : undefined;
    },

    async stop(): Promise<void> {
      if (onListening) strapi.server.httpServer.off('listening', onListening);
      onListening = undefined;
      // Let serving tasks already running finish: stopping half-started workers would leak them.
      await serving;
      await sandbox?.close();
      sandbox = undefined;
      state = undefined;
      tasks = [];
      serving = undefined;
      settled = false;
      served = new Promise<void>((resolve) => (markServed = resolve));
    },
  };
};

/**
 * Koa middleware registered ahead of Strapi's (register.ts): while this process is starting to
 * serve (the HTTP server listens, the offline sandbox, workers and demo seed are still starting),
 * requests wait for that to finish, so the first answer, `/_health` included, comes from a ready
 * server.
 */
export function createServingGate(strapi: Core.Strapi) {
  return async (_ctx: unknown, next: () => Promise<unknown>) => {
    const starting = (strapi.plugin(PLUGIN_ID).service('runtime') as { startingToServe(): Promise<void> | undefined }).startingToServe();
    if (starting) await starting;
    return next();
  };
}

import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import { createDemoSandboxOptions, createSandbox, type Sandbox } from '../../../sandbox';
import { parseConfig, type PluginConfig } from './config/schema';
import { PLUGIN_ID } from './get-service';

/**
 * What the plugin talks to, decided once at bootstrap from the configuration:
 * - `live`: Meta's Graph API with the credentials from the environment;
 * - `offline`: no access token (and offline mode not switched off) → the built-in Cloud API
 *   sandbox runs inside this Strapi on a loopback port, so the whole product works without Meta;
 * - `unconfigured`: no token and WHATSAPP_OFFLINE_MODE=false → sends answer 503.
 */
export type RuntimeMode = 'live' | 'offline' | 'unconfigured';

export interface RuntimeState {
  mode: RuntimeMode;
  config: PluginConfig;
  graphApiUrl: string;
  apiVersion: string;
  /** Master credentials; in offline mode they are the sandbox's, generated per process. */
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

export default ({ strapi }: { strapi: Core.Strapi }) => {
  let state: RuntimeState | undefined;
  let sandbox: Sandbox | undefined;

  const readConfig = (): PluginConfig => parseConfig(strapi.config.get(`plugin::${PLUGIN_ID}`));

  return {
    /** Resolves the mode and, in offline mode, starts the in-process sandbox. Idempotent. */
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

      // Offline: secrets are random per process, so a dev instance never accepts forged webhooks
      // signed with a well-known key.
      const appSecret = crypto.randomBytes(24).toString('hex');
      const accessToken = `sandbox-${crypto.randomBytes(16).toString('hex')}`;
      const demo = createDemoSandboxOptions();
      const handle = createSandbox({
        ...demo,
        appSecret,
        accessTokens: [accessToken],
        approveDelayMs: config.sandboxApproveDelayMs,
        log: (line: string) => strapi.log.debug(`[whatsapp:sandbox] ${line}`),
      });
      await handle.listen(0, '127.0.0.1');
      sandbox = handle;
      const port = strapi.config.get('server.port', 1337);
      handle.setWebhookUrl(`http://127.0.0.1:${port}/api/${PLUGIN_ID}/webhook`);

      state = {
        mode: 'offline',
        config,
        graphApiUrl: handle.url,
        apiVersion: config.apiVersion,
        accessToken,
        appSecret,
        verifyToken: config.webhookVerifyToken ?? OFFLINE_DEFAULTS.verifyToken,
        businessAccountId: config.businessAccountId ?? demo.wabaId ?? OFFLINE_DEFAULTS.businessAccountId,
        phoneNumberId: config.phoneNumberId ?? demo.phoneNumbers?.[0]?.id ?? OFFLINE_DEFAULTS.phoneNumberId,
      };
      strapi.log.info(
        `[whatsapp] Offline mode: no WhatsApp credentials, using the built-in Cloud API sandbox at ${handle.url}. ` +
          'Set WHATSAPP_ACCESS_TOKEN (and the other WHATSAPP_* variables) to talk to Meta.'
      );
      return state;
    },

    /** The resolved state; throws if called before bootstrap started the runtime. */
    get(): RuntimeState {
      if (!state) throw new Error('[whatsapp] runtime not started yet');
      return state;
    },

    /** The in-process sandbox in offline mode (for the "simulate inbound" admin route). */
    sandbox(): Sandbox | undefined {
      return sandbox;
    },

    async stop(): Promise<void> {
      await sandbox?.close();
      sandbox = undefined;
      state = undefined;
    },
  };
};

import type { Core } from '@strapi/strapi';
import { WEBHOOK_FIELDS, type SettingsView } from '../../../shared/contracts/settings';
import { getService, PLUGIN_ID } from '../core/get-service';

/** Masks a secret for display: its last 4 characters only when it is long enough to stay secret. */
export function mask(value: string | undefined): string | null {
  if (!value) return null;
  return value.length >= 12 ? `••••••••${value.slice(-4)}` : '••••••••';
}

/**
 * What the settings page shows: the mode, the webhook callback URL to paste into Meta, the verify
 * token (masked; the plain value only through `verifyToken()`, behind settings-update), the API
 * version and the webhook fields to subscribe.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  /** Public base URL: WHATSAPP_PUBLIC_URL, else an absolute server.url, else host:port (a guess). */
  const publicBase = (): { url: string; configured: boolean } => {
    const { config } = getService(strapi, 'runtime').get();
    if (config.publicUrl) return { url: config.publicUrl, configured: true };
    const serverUrl = String(strapi.config.get('server.url', '') ?? '');
    if (/^https?:\/\//.test(serverUrl)) return { url: serverUrl.replace(/\/+$/, ''), configured: true };
    const host = String(strapi.config.get('server.host', 'localhost'));
    const port = strapi.config.get('server.port', 1337);
    const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
    return { url: `http://${shownHost}:${port}`, configured: false };
  };

  return {
    get(): SettingsView {
      const state = getService(strapi, 'runtime').get();
      const base = publicBase();
      return {
        mode: state.mode,
        webhookUrl: `${base.url}/api/${PLUGIN_ID}/webhook`,
        webhookUrlConfigured: base.configured,
        verifyToken: { set: Boolean(state.verifyToken), masked: mask(state.verifyToken) },
        apiVersion: state.apiVersion,
        graphApiUrl: state.graphApiUrl,
        appSecretSet: Boolean(state.appSecret),
        webhookFields: WEBHOOK_FIELDS,
        syncSchedule: state.config.syncCron,
        sandboxUrl: state.mode === 'offline' ? state.graphApiUrl : null,
      };
    },

    verifyToken(): string | null {
      return getService(strapi, 'runtime').get().verifyToken ?? null;
    },
  };
};

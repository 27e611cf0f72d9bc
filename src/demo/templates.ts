import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from '../../plugins/whatsapp/shared/uids';

type SyncResult = { account: { wabaId: string }; listed: number; error?: string };

/**
 * The sandbox's approved demo templates as template records, through the plugin's own template
 * sync: the one path that keys a template as Meta does (WABA, name, language), so the sync the
 * plugin also runs at startup in offline mode finds the same records instead of duplicating them.
 * Called outside the seed's transaction (a sync may already be running, and it is shared).
 * Returns how many templates the sandbox listed.
 */
export async function syncDemoTemplates(strapi: Core.Strapi): Promise<number> {
  const results = (await strapi.plugin(PLUGIN_ID).service('templates').sync()) as SyncResult[];
  let listed = 0;
  for (const result of results) {
    if (result.error) strapi.log.warn(`[demo] template sync of ${result.account.wabaId}: ${result.error}`);
    listed += result.listed;
  }
  return listed;
}

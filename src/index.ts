import type { Core } from '@strapi/strapi';
import { demoSeedEnabled, seedDemoConversationsWhenServing, seedDemoData } from './demo';
import { PLUGIN_ID } from '../plugins/whatsapp/shared/uids';
import type { applyContentManagerViews as ApplyViews } from '../plugins/whatsapp/server/src/core/content-manager/apply';
import { HOST_VIEWS } from './content-manager';

// The plugin's server entry, as a host app installed from npm would load it (the same code Strapi
// runs for the plugin); `import type` above only for its types.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { applyContentManagerViews } = require('strapi-plugin-whatsapp/strapi-server') as { applyContentManagerViews: typeof ApplyViews };

export default {
  register(/* { strapi }: { strapi: Core.Strapi } */) {},

  /**
   * Runs after the plugins' bootstrap (so the WhatsApp master account and runtime exist).
   * In development, fills an empty database with demo data (src/demo) once the server listens
   * and the plugin serves (its offline sandbox has the demo templates): never in a Strapi CLI
   * command, which loads the app without listening. A seeding start then adds demo conversations
   * through the sandbox once the server serves (src/demo/conversations.ts).
   */
  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    // The CRM's own types get curated Content Manager views too (src/content-manager).
    await applyContentManagerViews(strapi, HOST_VIEWS);
    if (!demoSeedEnabled()) return;
    strapi
      .plugin(PLUGIN_ID)
      .service('runtime')
      .onServing(async () => {
        const { seeded } = await seedDemoData(strapi);
        if (seeded) seedDemoConversationsWhenServing(strapi);
      });
  },
};

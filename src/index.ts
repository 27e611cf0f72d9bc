import type { Core } from '@strapi/strapi';
import { demoSeedEnabled, seedDemoConversationsWhenServing, seedDemoData } from './demo';
import { PLUGIN_ID } from '../plugins/whatsapp/shared/uids';

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

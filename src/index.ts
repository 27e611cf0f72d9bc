import type { Core } from '@strapi/strapi';
import { demoSeedEnabled, seedDemoData } from './demo';

export default {
  register(/* { strapi }: { strapi: Core.Strapi } */) {},

  /**
   * Runs after the plugins' bootstrap (so the WhatsApp master account and runtime exist).
   * In development, fills an empty database with demo data (src/demo).
   */
  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    if (demoSeedEnabled()) await seedDemoData(strapi);
  },
};

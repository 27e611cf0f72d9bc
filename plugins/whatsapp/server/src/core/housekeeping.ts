import type { Core } from '@strapi/strapi';
import { getService } from './get-service';

/**
 * The daily housekeeping of the plugin's tables, once a day and once when the process starts
 * serving: audit entries past WHATSAPP_AUDIT_RETENTION_DAYS and messages past
 * WHATSAPP_MESSAGE_RETENTION_DAYS (with their media files). Every instance on the database may run
 * it: deleting rows another instance already deleted removes nothing.
 */
const TASK = 'whatsappHousekeeping';
const DAILY = '17 3 * * *';

export function startHousekeeping(strapi: Core.Strapi): void {
  const run = async () => {
    for (const [what, job] of [
      ['audit log', () => getService(strapi, 'audit').prune()],
      ['message retention', () => getService(strapi, 'message-retention').prune()],
    ] as const) {
      try {
        await job();
      } catch (error) {
        strapi.log.error(`[whatsapp] ${what}: pruning failed: ${(error as Error).message}`);
      }
    }
  };
  strapi.cron.add({ [TASK]: { task: run, options: { rule: DAILY } } });
  void run();
}

export function stopHousekeeping(strapi: Core.Strapi): void {
  strapi.cron.remove(TASK);
}

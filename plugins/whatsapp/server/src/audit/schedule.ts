import type { Core } from '@strapi/strapi';
import { getService } from '../core/get-service';

/**
 * Prunes audit entries older than WHATSAPP_AUDIT_RETENTION_DAYS once a day (and once when the
 * process starts serving). Every instance on the database may run it: a delete of rows already
 * deleted by another instance removes nothing.
 */
const TASK = 'whatsappAuditPrune';
const DAILY = '17 3 * * *';

export function startAuditPrune(strapi: Core.Strapi): void {
  const run = async () => {
    try {
      const removed = await getService(strapi, 'audit').prune();
      if (removed) strapi.log.info(`[whatsapp] audit log: ${removed} entries older than the retention removed`);
    } catch (error) {
      strapi.log.error(`[whatsapp] audit log pruning failed: ${(error as Error).message}`);
    }
  };
  strapi.cron.add({ [TASK]: { task: run, options: { rule: DAILY } } });
  void run();
}

export function stopAuditPrune(strapi: Core.Strapi): void {
  strapi.cron.remove(TASK);
}

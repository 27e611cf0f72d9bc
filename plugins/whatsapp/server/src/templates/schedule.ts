import type { Core } from '@strapi/strapi';
import { getService } from '../core/get-service';

/**
 * The template sync schedule (WHATSAPP_TEMPLATE_SYNC_CRON, default every 30 minutes): a safety net
 * for lost status webhooks and the way templates made in WhatsApp Manager appear on their own.
 * Meta allows 200 management calls per hour per WABA; a sync costs one call per 100 templates.
 * Started when the process serves (bootstrap.ts), never in a CLI command.
 */
const TASK = 'whatsappTemplateSync';

/** Runs started by the schedule, per Strapi instance, so destroy can wait for them. */
const runs = new WeakMap<Core.Strapi, Set<Promise<void>>>();

export function startTemplateSchedule(strapi: Core.Strapi): void {
  const state = getService(strapi, 'runtime').get();
  if (state.mode === 'unconfigured') return;
  const active = new Set<Promise<void>>();
  runs.set(strapi, active);
  const run = (why: string) => {
    const job = (async () => {
      try {
        const results = await getService(strapi, 'templates').sync();
        for (const result of results) {
          if (result.error) strapi.log.warn(`[whatsapp] template sync (${why}) of ${result.account.wabaId}: ${result.error}`);
        }
      } catch (error) {
        strapi.log.error(`[whatsapp] template sync (${why}) failed: ${(error as Error).message}`);
      }
    })();
    active.add(job);
    void job.finally(() => active.delete(job));
    return job;
  };
  if (state.config.templateSyncCron !== false) {
    strapi.cron.add({ [TASK]: { task: () => run('schedule'), options: { rule: state.config.templateSyncCron } } });
  }
  // Offline (sandbox) mode: bring the demo templates in at once, so the product has some to show.
  if (state.mode === 'offline') void run('startup');
}

/** Removes the cron task and waits for a sync it started that is still running. */
export async function stopTemplateSchedule(strapi: Core.Strapi): Promise<void> {
  strapi.cron.remove(TASK);
  const active = runs.get(strapi);
  if (active) await Promise.allSettled([...active]);
}

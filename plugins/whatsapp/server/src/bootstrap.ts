import type { Core } from '@strapi/strapi';
import { ACTION_DEFINITIONS, PLUGIN_ID } from '../../shared/permissions';
import { getService } from './core/get-service';
import { startTemplateSchedule } from './templates/schedule';
import { startHousekeeping } from './core/housekeeping';
import { startTableStatistics } from './core/table-statistics';
import { applyContentManagerViews } from './core/content-manager/apply';
import { PLUGIN_VIEWS } from './core/content-manager/views';
import { registerTenantCondition } from './tenancy/condition';

/**
 * Runs in every process that loads the app, Strapi CLI commands included (docs/strapi-notes.md,
 * "CLI commands boot the whole app"): it only resolves the runtime and writes the master account
 * where it differs from the configuration. What a server runs waits for the HTTP server to listen
 * (core/runtime.ts).
 */
const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  await strapi
    .service('admin::permission')
    .actionProvider.registerMany(
      ACTION_DEFINITIONS.map((action) => ({ ...action, section: 'plugins', pluginName: PLUGIN_ID }))
    );
  await registerTenantCondition(strapi);

  // The curated Content Manager views, once per version (core/content-manager/apply.ts).
  await applyContentManagerViews(strapi, PLUGIN_VIEWS);

  const runtime = getService(strapi, 'runtime');
  await runtime.start();
  // The rate card (WHATSAPP_RATE_CARD_FILE or the shipped one): a bad file stops the boot, saying why.
  getService(strapi, 'stats').rateCard();
  await getService(strapi, 'accounts').ensureMaster();
  // The inbox's stored conversations: filled from the comms log once per database (inbox/summaries.ts).
  await getService(strapi, 'conversation-summaries').backfillIfNeeded();
  getService(strapi, 'stream').start();
  // New inbound messages reopen closed and archived conversations (conversations/states.ts).
  getService(strapi, 'conversation-states').start();

  runtime.onServing(() => runtime.startSandbox());
  runtime.onServing(() => {
    // Events stored but not processed before the last shutdown (or crash) are picked up now.
    getService(strapi, 'webhook-processor').start();
    getService(strapi, 'outbox').start();
    getService(strapi, 'phone-numbers').scheduleSync();
    startTemplateSchedule(strapi);
    startHousekeeping(strapi);
    startTableStatistics(strapi);
  });
  runtime.serveWhenListening();
};

export default bootstrap;

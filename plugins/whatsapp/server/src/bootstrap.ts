import type { Core } from '@strapi/strapi';
import { ACTION_DEFINITIONS, PLUGIN_ID } from '../../shared/permissions';
import { getService } from './core/get-service';
import { startTemplateSchedule } from './templates/schedule';

const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  await strapi
    .service('admin::permission')
    .actionProvider.registerMany(
      ACTION_DEFINITIONS.map((action) => ({ ...action, section: 'plugins', pluginName: PLUGIN_ID }))
    );

  await getService(strapi, 'runtime').start();
  await getService(strapi, 'accounts').ensureMaster();
  getService(strapi, 'stream').start();
  // Events stored but not processed before the last shutdown (or crash) are picked up now.
  getService(strapi, 'webhook-processor').start();
  getService(strapi, 'outbox').start();
  getService(strapi, 'phone-numbers').scheduleSync();
  startTemplateSchedule(strapi);
};

export default bootstrap;

import type { Core } from '@strapi/strapi';
import { getService } from './core/get-service';
import { stopTemplateSchedule } from './templates/schedule';
import { stopHousekeeping } from './core/housekeeping';
import { stopTableStatistics } from './core/table-statistics';

const destroy = async ({ strapi }: { strapi: Core.Strapi }) => {
  // Serving tasks still starting (workers, the offline sandbox) finish first, so they stop below.
  await getService(strapi, 'runtime').startingToServe();
  // Open SSE streams first: their sockets would keep the HTTP server from closing. The live bus
  // stops listening too, but still publishes what the drains below emit, for the other instances.
  await getService(strapi, 'stream').stop();
  // Let automation sends already started reach the outbox before it stops.
  await getService(strapi, 'automations').drain();
  await stopTemplateSchedule(strapi);
  stopHousekeeping(strapi);
  stopTableStatistics(strapi);
  // Acknowledged events are committed before their 200; what is not processed yet stays pending.
  await getService(strapi, 'webhook-ingest').drain();
  await getService(strapi, 'webhook-processor').stop();
  await getService(strapi, 'media-downloads').idle();
  getService(strapi, 'events').removeAll();
  await getService(strapi, 'stream').flush();
  // The outbox first: in-flight sends still need the runtime (and, offline, its sandbox).
  await getService(strapi, 'outbox').stop();
  getService(strapi, 'phone-numbers').unscheduleSync();
  await getService(strapi, 'runtime').stop();
};

export default destroy;

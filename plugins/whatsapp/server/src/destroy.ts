import type { Core } from '@strapi/strapi';
import { getService } from './utils/get-service';

const destroy = async ({ strapi }: { strapi: Core.Strapi }) => {
  // Let automation sends already started reach the outbox before it stops.
  await getService(strapi, 'automations').drain();
  // The outbox first: in-flight sends still need the runtime (and, offline, its sandbox).
  await getService(strapi, 'outbox').stop();
  await getService(strapi, 'runtime').stop();
};

export default destroy;

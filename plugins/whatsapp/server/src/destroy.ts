import type { Core } from '@strapi/strapi';
import { getService } from './utils/get-service';

const destroy = async ({ strapi }: { strapi: Core.Strapi }) => {
  // The outbox first: in-flight sends still need the runtime (and, offline, its sandbox).
  await getService(strapi, 'outbox').stop();
  await getService(strapi, 'runtime').stop();
};

export default destroy;

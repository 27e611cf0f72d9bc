import type { Core } from '@strapi/strapi';
import { getService } from './utils/get-service';

const destroy = async ({ strapi }: { strapi: Core.Strapi }) => {
  // Let automation sends already started reach the outbox before the database closes.
  await getService(strapi, 'automations').drain();
  await getService(strapi, 'runtime').stop();
};

export default destroy;

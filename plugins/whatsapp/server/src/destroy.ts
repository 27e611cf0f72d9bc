import type { Core } from '@strapi/strapi';
import { getService } from './utils/get-service';

const destroy = async ({ strapi }: { strapi: Core.Strapi }) => {
  getService(strapi, 'phone-numbers').unscheduleSync();
  await getService(strapi, 'runtime').stop();
};

export default destroy;

import type { Core } from '@strapi/strapi';
import { getService } from './utils/get-service';
import { stopTemplateSchedule } from './templates/schedule';

const destroy = async ({ strapi }: { strapi: Core.Strapi }) => {
  stopTemplateSchedule(strapi);
  await getService(strapi, 'runtime').stop();
};

export default destroy;

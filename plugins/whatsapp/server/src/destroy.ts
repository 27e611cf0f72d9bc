import type { Core } from '@strapi/strapi';
import { getService } from './utils/get-service';

const destroy = async ({ strapi }: { strapi: Core.Strapi }) => {
  // Open SSE streams first: their sockets would keep the HTTP server from closing.
  getService(strapi, 'stream').stop();
  await getService(strapi, 'runtime').stop();
};

export default destroy;

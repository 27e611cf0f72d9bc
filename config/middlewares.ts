import type { Core } from '@strapi/strapi';

const config: Core.Config.Middlewares = [
  'strapi::logger',
  'strapi::errors',
  'strapi::security',
  'strapi::cors',
  'strapi::poweredBy',
  'strapi::query',
  // The WhatsApp webhook POST never reaches this parser: the plugin answers it ahead of the chain
  // and reads the raw bytes itself (its signature covers them exactly), so no includeUnparsed here.
  'strapi::body',
  'strapi::session',
  'strapi::favicon',
  'strapi::public',
];

export default config;

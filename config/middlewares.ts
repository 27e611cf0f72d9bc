import type { Core } from '@strapi/strapi';

const config: Core.Config.Middlewares = [
  'strapi::logger',
  'strapi::errors',
  'strapi::security',
  'strapi::cors',
  'strapi::poweredBy',
  'strapi::query',
  // includeUnparsed keeps the raw JSON text on ctx.request.body[Symbol.for('unparsedBody')].
  // The WhatsApp webhook has its own fast path that reads raw bytes itself; this keeps the
  // signature check working on the standard route too (e.g. when a proxy rewrites the path).
  { name: 'strapi::body', config: { includeUnparsed: true } },
  'strapi::session',
  'strapi::favicon',
  'strapi::public',
];

export default config;

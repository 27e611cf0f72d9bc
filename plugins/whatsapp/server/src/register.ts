import type { Core } from '@strapi/strapi';
import { accountSecretsMiddleware } from './document-middlewares/account-secrets';
import { customerIdentityMiddleware } from './document-middlewares/customer-identity';
import { webhookCachesMiddleware } from './document-middlewares/webhook-caches';
import { createWebhookFastPath } from './webhook/fast-path';

/** Document-service middlewares must be registered here, before Strapi loads (STRAPI_NOTES §3). */
const register = ({ strapi }: { strapi: Core.Strapi }) => {
  strapi.documents.use(accountSecretsMiddleware(strapi));
  strapi.documents.use(webhookCachesMiddleware(strapi));
  strapi.documents.use(customerIdentityMiddleware(strapi));
  // The webhook POST is answered ahead of Strapi's middleware chain (docs/inbound.md "Hot path").
  strapi.server.use(createWebhookFastPath(strapi));
};

export default register;

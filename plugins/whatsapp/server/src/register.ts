import type { Core } from '@strapi/strapi';
import { accountSecretsMiddleware } from './document-middlewares/account-secrets';
import { customerIdentityMiddleware } from './document-middlewares/customer-identity';
import { templateManagedFieldsMiddleware } from './document-middlewares/template-managed-fields';
import { tenantNumberGuardMiddleware } from './document-middlewares/tenant-number-guard';
import { webhookSecretsCacheMiddleware } from './document-middlewares/webhook-secrets-cache';
import { createWebhookFastPath } from './webhook/fast-path';

/** Document-service middlewares must be registered here, before Strapi loads (STRAPI_NOTES §3). */
const register = ({ strapi }: { strapi: Core.Strapi }) => {
  strapi.documents.use(accountSecretsMiddleware(strapi));
  strapi.documents.use(webhookSecretsCacheMiddleware(strapi));
  strapi.documents.use(customerIdentityMiddleware(strapi));
  // The webhook POST is answered ahead of Strapi's middleware chain (docs/inbound.md "Hot path").
  strapi.server.use(createWebhookFastPath(strapi));
  strapi.documents.use(tenantNumberGuardMiddleware(strapi));
  strapi.documents.use(templateManagedFieldsMiddleware(strapi));
};

export default register;

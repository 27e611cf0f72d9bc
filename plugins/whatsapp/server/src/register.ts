import type { Core } from '@strapi/strapi';
import { accountSecretsMiddleware } from './numbers/document-middlewares/account-secrets';
import { auditedDocumentsMiddleware } from './audit/document-middlewares/audited-documents';
import { automationTriggerMiddleware } from './automations/document-middlewares/automation-trigger';
import { customerIdentityMiddleware } from './inbound/document-middlewares/customer-identity';
import { tenantNumberGuardMiddleware } from './numbers/document-middlewares/tenant-number-guard';
import { webhookCachesMiddleware } from './inbound/document-middlewares/webhook-caches';
import { messageSummariesMiddleware } from './inbox/document-middlewares/message-summaries';
import { createWebhookFastPath } from './inbound/webhook/fast-path';
import { createServingGate } from './core/runtime';
import { logConfiguration } from './core/config/sources';
import { registerMigrations } from './core/migrations';
import { contentManagerGuardMiddleware } from './core/content-manager/guard';
import { registerViews } from './core/content-manager/apply';
import { PLUGIN_VIEWS } from './core/content-manager/views';
import { optInSourceMiddleware } from './privacy/consent';
import { contentManagerNotFound } from './tenancy/content-manager-not-found';

/**
 * Document-service middlewares must be registered here, before Strapi loads
 * (docs/strapi-notes.md#document-service-middlewares).
 */
const register = ({ strapi }: { strapi: Core.Strapi }) => {
  // Data migrations of the plugin's tables, run by Strapi before its schema sync (core/migrations).
  registerMigrations(strapi);
  // Where each setting came from (env, host config, default); secrets only as "set".
  logConfiguration(strapi);
  // First: it drops unchanged read-only fields that the middlewares after it derive (core/content-manager/guard.ts).
  registerViews(strapi, PLUGIN_VIEWS);
  strapi.documents.use(contentManagerGuardMiddleware(strapi));
  strapi.documents.use(accountSecretsMiddleware(strapi));
  // After the secrets middleware: it only sees that a secret was given, never its value.
  strapi.documents.use(auditedDocumentsMiddleware(strapi));
  strapi.documents.use(webhookCachesMiddleware(strapi));
  strapi.documents.use(customerIdentityMiddleware(strapi));
  strapi.documents.use(optInSourceMiddleware(strapi));
  // Messages changed in the content manager: their conversations' inbox rows follow (inbox/summaries.ts).
  strapi.documents.use(messageSummariesMiddleware(strapi));
  // Requests wait while this process starts serving (core/runtime.ts), the webhook's too.
  strapi.server.use(createServingGate(strapi));
  // The webhook POST is answered ahead of Strapi's middleware chain (docs/inbound.md "Hot path").
  strapi.server.use(createWebhookFastPath(strapi));
  // Another tenant's record opened in the Content Manager: 404, not 403 (tenancy/).
  strapi.server.use(contentManagerNotFound(strapi));
  strapi.documents.use(tenantNumberGuardMiddleware(strapi));
  strapi.documents.use(automationTriggerMiddleware(strapi));
};

export default register;

import type { Core } from '@strapi/strapi';
import { accountSecretsMiddleware } from './document-middlewares/account-secrets';
import { automationTriggerMiddleware } from './document-middlewares/automation-trigger';

/** Document-service middlewares must be registered here, before Strapi loads (STRAPI_NOTES §3). */
const register = ({ strapi }: { strapi: Core.Strapi }) => {
  strapi.documents.use(accountSecretsMiddleware(strapi));
  strapi.documents.use(automationTriggerMiddleware(strapi));
};

export default register;

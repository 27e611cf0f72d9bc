import type { Core } from '@strapi/strapi';
import { accountSecretsMiddleware } from './document-middlewares/account-secrets';
import { tenantNumberGuardMiddleware } from './document-middlewares/tenant-number-guard';

/** Document-service middlewares must be registered here, before Strapi loads (STRAPI_NOTES §3). */
const register = ({ strapi }: { strapi: Core.Strapi }) => {
  strapi.documents.use(accountSecretsMiddleware(strapi));
  strapi.documents.use(tenantNumberGuardMiddleware(strapi));
};

export default register;

import type { Core } from '@strapi/strapi';
import { accountSecretsMiddleware } from './document-middlewares/account-secrets';
import { templateManagedFieldsMiddleware } from './document-middlewares/template-managed-fields';

/** Document-service middlewares must be registered here, before Strapi loads (STRAPI_NOTES §3). */
const register = ({ strapi }: { strapi: Core.Strapi }) => {
  strapi.documents.use(accountSecretsMiddleware(strapi));
  strapi.documents.use(templateManagedFieldsMiddleware(strapi));
};

export default register;

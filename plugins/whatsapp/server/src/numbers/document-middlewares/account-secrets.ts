import type { Core, Modules } from '@strapi/strapi';
import { UID } from '../../../../shared/uids';
import { getService } from '../../core/get-service';

const SECRET_FIELDS = ['accessToken', 'appSecret'] as const;
const WRITE_ACTIONS = new Set(['create', 'update']);

/**
 * Keeps business-account secrets write-only, whatever writes or reads the account (content
 * manager, REST, our own services):
 * - on write, a new value is encrypted and its last 4 characters kept for the UI; a blank value
 *   means "unchanged" (the edit form never receives the secret, so it sends it back empty);
 * - on read, the secret fields are removed from every document-service result. The plugin reads
 *   secrets only through `strapi.db.query` (accounts service), which this does not touch.
 */
export function accountSecretsMiddleware(strapi: Core.Strapi): Modules.Documents.Middleware.Middleware {
  return async (ctx, next) => {
    if (ctx.uid !== UID.businessAccount) return next();

    const params = ctx.params as { data?: Record<string, unknown> } | undefined;
    if (WRITE_ACTIONS.has(ctx.action) && params?.data) {
      const data = params.data;
      const secrets = getService(strapi, 'secrets');
      for (const field of SECRET_FIELDS) {
        const value = data[field];
        if (value === undefined) continue;
        if (typeof value !== 'string' || value.trim() === '') {
          delete data[field];
          continue;
        }
        if (!secrets.isEncrypted(value)) {
          data[field] = secrets.encrypt(value.trim());
          data[`${field}Last4`] = secrets.last4(value.trim());
        }
      }
    }

    return stripSecrets(await next()) as any;
  };
}

function stripSecrets(result: unknown): unknown {
  if (Array.isArray(result)) return result.map(stripSecrets);
  if (result && typeof result === 'object') {
    const record = result as Record<string, unknown>;
    if (Array.isArray(record.results)) record.results = record.results.map(stripSecrets);
    for (const field of SECRET_FIELDS) {
      if (field in record) delete record[field];
    }
    if (Array.isArray(record.entries)) record.entries = record.entries.map(stripSecrets);
  }
  return result;
}

import type { Core } from '@strapi/strapi';

/**
 * Error messages of the database and Redis drivers may quote a connection string: before one is
 * logged, credentials in URLs and the configured passwords are replaced by `***`.
 */
export function redact(strapi: Core.Strapi, message: string, extraSecrets: (string | undefined)[] = []): string {
  const secrets = [...extraSecrets, ...databaseSecrets(strapi)].filter((s): s is string => typeof s === 'string' && s.length >= 3);
  // The passwords first: one with a `/` in it would end the URL pattern's user part early.
  let text = message;
  for (const secret of secrets) text = text.split(secret).join('***');
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/gi, '$1***@');
}

/** The database password, from knex's connection settings (where knex keeps it non-enumerable). */
function databaseSecrets(strapi: Core.Strapi): string[] {
  const settings = (strapi.db?.connection as any)?.client?.connectionSettings;
  if (!settings || typeof settings !== 'object') return [];
  const found: string[] = [];
  if (typeof settings.password === 'string') found.push(settings.password);
  if (typeof settings.connectionString === 'string') {
    try {
      const url = new URL(settings.connectionString);
      if (url.password) found.push(decodeURIComponent(url.password), url.password);
    } catch {
      /* not a URL: nothing to hide beyond the pattern above */
    }
  }
  return found;
}

/** A Redis URL's password, for `redact`'s extra secrets. */
export function urlPassword(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.password ? decodeURIComponent(parsed.password) : undefined;
  } catch {
    return undefined;
  }
}

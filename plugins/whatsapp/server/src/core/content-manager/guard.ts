import type { Core, Modules } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import _ from 'lodash';
import { registeredView } from './apply';
import type { FieldView } from './types';

/**
 * The server half of the curated views: `editable: false` only disables an input in the admin, so
 * a Content Manager request (the edit form, or anyone calling its routes) that would change a
 * field the plugin maintains is refused here, naming the field. The edit form sends every field
 * back, so an unchanged read-only value is dropped from the write instead (the plugin's own code
 * in the inner middlewares, such as the customer identity, then sets what it derives).
 * Records only the plugin writes (`createdByPlugin`) cannot be created or duplicated there.
 * Writes that do not come from the Content Manager (the plugin's services, REST) are not touched:
 * they are the ones that keep these fields right.
 *
 * Registered first (register.ts), so that it runs before the middlewares that derive fields.
 */

const WRITE_ACTIONS = new Set(['create', 'update', 'clone']);
// Strapi's own fields, which it sets on every write whoever makes it.
const SYSTEM_FIELDS = new Set(['id', 'documentId', 'createdAt', 'updatedAt', 'publishedAt', 'createdBy', 'updatedBy', 'locale', 'localizations']);

export const fromContentManager = (strapi: Core.Strapi): boolean => {
  const request = strapi.requestContext.get() as { request?: { path?: string } } | undefined;
  return typeof request?.request?.path === 'string' && request.request.path.startsWith('/content-manager/');
};

const refuse = (field: string, message: string): never => {
  throw new errors.ValidationError(`${field}: ${message}`, { errors: [{ path: [field], message, name: 'ValidationError' }] });
};

/**
 * A relation input that connects, disconnects or sets something. The form sends empty lists when
 * a relation is unchanged; a read shape sent back (`{ count: 3 }` for a to-many) changes nothing.
 */
const changesRelation = (value: unknown): boolean => {
  if (value === undefined) return false;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    const keys = ['connect', 'disconnect', 'set'].filter((key) => key in v);
    if (keys.length > 0) return keys.some((key) => (Array.isArray(v[key]) ? (v[key] as unknown[]).length > 0 : v[key] != null));
    return 'id' in v || 'documentId' in v;
  }
  return !(Array.isArray(value) && value.length === 0);
};

const blank = (value: unknown) => value === undefined || value === null || value === '';

const mediaId = (value: unknown): unknown => {
  const one = Array.isArray(value) ? value[0] : value;
  if (blank(one)) return null;
  return typeof one === 'object' ? ((one as { id?: unknown }).id ?? null) : Number(one);
};

/** Both values in one comparable form for the attribute's type. */
export function sameValue(type: string, incoming: unknown, stored: unknown): boolean {
  if (blank(incoming) && blank(stored)) return true;
  if (blank(incoming) !== blank(stored)) {
    // A boolean or number column left empty reads back as its default in the form.
    if (type === 'boolean') return Boolean(incoming === true || incoming === 'true') === Boolean(stored === true || stored === 1);
    return false;
  }
  switch (type) {
    case 'datetime':
    case 'date':
    case 'timestamp':
      return new Date(incoming as string).getTime() === new Date(stored as string).getTime();
    case 'boolean':
      return (incoming === true || incoming === 1 || incoming === 'true') === (stored === true || stored === 1 || stored === 'true');
    case 'integer':
    case 'biginteger':
    case 'float':
    case 'decimal':
      return Number(incoming) === Number(stored);
    case 'json': {
      const parse = (v: unknown) => {
        if (typeof v !== 'string') return v;
        try {
          return JSON.parse(v);
        } catch {
          return v;
        }
      };
      return _.isEqual(parse(incoming), parse(stored));
    }
    case 'media':
      return mediaId(incoming) === mediaId(stored);
    default:
      return String(incoming) === String(stored);
  }
}

const CONSENT_FLAGS = ['optedIn', 'optedOut', 'marketingOptOut'] as const;

export function contentManagerGuardMiddleware(strapi: Core.Strapi): Modules.Documents.Middleware.Middleware {
  return async (ctx, next) => {
    if (!WRITE_ACTIONS.has(ctx.action)) return next();
    const view = registeredView(strapi, ctx.uid);
    if (!view || !fromContentManager(strapi)) return next();
    if (view.createdByPlugin && ctx.action !== 'update') {
      throw new errors.ValidationError(
        view.writtenIn ?? `${ctx.uid} records are written by the WhatsApp plugin only; they cannot be created or duplicated in the Content Manager`
      );
    }
    const params = ctx.params as { data?: Record<string, unknown>; documentId?: string };
    const data = params?.data;
    if (!data) return next();

    const attributes = strapi.getModel(ctx.uid).attributes as Record<string, { type: string }>;
    // Every attribute of a plugin-written record, named in the view or added to the schema since.
    const guarded: Array<[string, FieldView | undefined]> = view.createdByPlugin
      ? Object.keys(data).filter((name) => attributes[name] && !SYSTEM_FIELDS.has(name)).map((name) => [name, view.fields[name]])
      : Object.entries(view.fields).filter(([name, field]) => (field.readOnly || field.hidden) && name in data && attributes[name]);
    const consent = ctx.uid === 'plugin::whatsapp.customer' ? CONSENT_FLAGS.filter((flag) => flag in data) : [];
    const stored =
      ctx.action === 'update' && params.documentId && (guarded.length > 0 || consent.length > 0)
        ? await strapi.db.query(ctx.uid).findOne({
            where: { documentId: params.documentId },
            populate: Object.fromEntries(guarded.filter(([name]) => attributes[name].type === 'media').map(([name]) => [name, { select: ['id'] }])),
          })
        : null;

    for (const [name, field] of guarded) {
      const type = attributes[name].type;
      const message = field?.description ?? view.writtenIn ?? 'set by the WhatsApp plugin; it cannot be changed in the Content Manager';
      if (type === 'relation') {
        if (changesRelation(data[name])) refuse(name, message);
      } else if (ctx.action === 'update' && stored && !sameValue(type, data[name], stored[name])) {
        refuse(name, message);
      }
      // Unchanged, or a new record's copy/default: the plugin's own value (or the schema default) stands.
      delete data[name];
    }

    // A consent flag changed by hand gets the time it changed, as the inbound opt-out does; an
    // opt-in ticked here is recorded as given to a person (privacy/consent.ts).
    for (const flag of consent) {
      const before = stored ? stored[flag] : undefined;
      if (sameValue('boolean', data[flag], before ?? false)) continue;
      data[`${flag}At`] = new Date();
      if (flag === 'optedIn' && sameValue('boolean', data[flag], true)) data.optInSource = 'admin';
    }
    return next();
  };
}

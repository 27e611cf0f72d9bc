/**
 * Field paths such as `supplier.phone` or `customer.tenant.defaultLanguage`: checking them against
 * Strapi's models, building the populate a read needs, and reading them from a loaded record.
 * Pure: the model lookup is passed in (`strapi.getModel` at runtime, plain objects in tests).
 */

export interface AttributeLike {
  type: string;
  target?: string;
  relation?: string;
  component?: string;
  repeatable?: boolean;
  multiple?: boolean;
  enum?: string[];
  private?: boolean;
}

export interface ModelLike {
  uid: string;
  info?: { displayName?: string; singularName?: string };
  options?: { draftAndPublish?: boolean };
  attributes: Record<string, AttributeLike>;
}

export type ModelLookup = (uid: string) => ModelLike | undefined;

/** Fields every document has, although not every schema lists them. */
const SYSTEM_FIELDS: Record<string, string> = {
  id: 'integer',
  documentId: 'string',
  createdAt: 'datetime',
  updatedAt: 'datetime',
  publishedAt: 'datetime',
  locale: 'string',
};

const NON_SCALAR = new Set(['relation', 'component', 'dynamiczone', 'media']);

export const isScalarType = (type: string) => !NON_SCALAR.has(type);

/** A relation that points at one record (path steps may only cross these). */
export const isToOne = (attribute: AttributeLike) =>
  attribute.type === 'relation' && /^(oneToOne|manyToOne|morphToOne)$/.test(attribute.relation ?? '');

export const splitPath = (path: string) => path.split('.').filter((segment) => segment !== '');

export type PathDescription =
  | {
      ok: true;
      /** The type of the last step: a scalar type, `relation`, `component` or `media`. */
      type: string;
      attribute: AttributeLike;
      /** For a relation or component at the end: the model it points at. */
      targetUid?: string;
      error?: undefined;
    }
  | { ok: false; error: string; type?: undefined; attribute?: undefined; targetUid?: undefined };

const modelName = (model: ModelLike) => model.info?.displayName ?? model.uid;

/**
 * Follows `path` from the model `uid`. Every step but the last must be a to-one relation or a
 * single component; the last may be anything except a to-many relation or a repeatable component
 * (one record, one value).
 */
export function describePath(lookup: ModelLookup, uid: string, path: string): PathDescription {
  const segments = splitPath(path);
  if (segments.length === 0) return { ok: false, error: 'the path is empty' };
  let model = lookup(uid);
  if (!model) return { ok: false, error: `unknown content type ${uid}` };

  for (let i = 0; i < segments.length; i += 1) {
    const segment = segments[i];
    const last = i === segments.length - 1;
    const attribute: AttributeLike | undefined =
      model.attributes[segment] ?? (SYSTEM_FIELDS[segment] ? { type: SYSTEM_FIELDS[segment] } : undefined);
    if (!attribute) {
      return { ok: false, error: `"${segment}" is not a field of ${modelName(model)} (in ${path})` };
    }
    if (attribute.type === 'relation') {
      if (!isToOne(attribute)) {
        return { ok: false, error: `"${segment}" links to many records; a path must lead to one value (in ${path})` };
      }
      const target = attribute.target ? lookup(attribute.target) : undefined;
      if (!target) return { ok: false, error: `"${segment}" has no known target (in ${path})` };
      if (last) return { ok: true, type: 'relation', attribute, targetUid: target.uid };
      model = target;
      continue;
    }
    if (attribute.type === 'component') {
      if (attribute.repeatable) {
        return { ok: false, error: `"${segment}" is a repeatable component; a path must lead to one value (in ${path})` };
      }
      const component = attribute.component ? lookup(attribute.component) : undefined;
      if (!component) return { ok: false, error: `"${segment}" has no known component (in ${path})` };
      if (last) return { ok: true, type: 'component', attribute, targetUid: component.uid };
      model = component;
      continue;
    }
    if (attribute.type === 'dynamiczone') {
      return { ok: false, error: `"${segment}" is a dynamic zone, which paths cannot read (in ${path})` };
    }
    if (attribute.type === 'media') {
      if (attribute.multiple) return { ok: false, error: `"${segment}" holds several files (in ${path})` };
      if (last) return { ok: true, type: 'media', attribute };
      const rest = segments.slice(i + 1).join('.');
      if (rest === 'url' || rest === 'name' || rest === 'mime') return { ok: true, type: 'string', attribute: { type: 'string' } };
      return { ok: false, error: `a file offers url, name and mime (in ${path})` };
    }
    if (!last) return { ok: false, error: `"${segment}" is a ${attribute.type}, not a relation: it has no "${segments[i + 1]}" (in ${path})` };
    return { ok: true, type: attribute.type, attribute };
  }
  /* istanbul ignore next: the loop always returns */
  return { ok: false, error: `cannot read ${path}` };
}

export type Populate = Record<string, true | { populate: Populate }>;

/**
 * The smallest `populate` (strapi.db.query syntax) that loads every relation, component and file
 * the paths cross. Paths that do not describe cleanly are skipped: they are reported elsewhere.
 */
export function populateFor(lookup: ModelLookup, uid: string, paths: Iterable<string>): Populate {
  const root: Populate = {};
  for (const path of paths) {
    let model = lookup(uid);
    let node = root;
    for (const segment of splitPath(path)) {
      const attribute = model?.attributes[segment];
      if (!model || !attribute || !NON_SCALAR.has(attribute.type)) break;
      const nextUid = attribute.type === 'relation' ? attribute.target : attribute.type === 'component' ? attribute.component : undefined;
      const existing = node[segment];
      if (!nextUid) {
        if (!existing) node[segment] = true;
        break;
      }
      const child: { populate: Populate } = existing && existing !== true ? existing : { populate: {} };
      node[segment] = child;
      node = child.populate;
      model = lookup(nextUid);
    }
  }
  return simplify(root);
}

/** `{ supplier: { populate: {} } }` → `{ supplier: true }`: all scalar fields, no deeper joins. */
function simplify(populate: Populate): Populate {
  const out: Populate = {};
  for (const [key, value] of Object.entries(populate)) {
    if (value === true) out[key] = true;
    else if (Object.keys(value.populate).length === 0) out[key] = true;
    else out[key] = { populate: simplify(value.populate) };
  }
  return out;
}

/** Reads `path` from a loaded record; undefined when a step is missing or empty. */
export function readPath(record: unknown, path: string): unknown {
  let value: unknown = record;
  for (const segment of splitPath(path)) {
    if (value === null || value === undefined || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value === null ? undefined : value;
}

/** The scalar attributes of a model (plus locale), e.g. to fingerprint a version of a record. */
export function scalarAttributeNames(model: ModelLike): string[] {
  return Object.entries(model.attributes)
    .filter(([, attribute]) => isScalarType(attribute.type) && attribute.type !== 'password')
    .map(([name]) => name);
}

import type { ContentTypeDescription, ContentTypeField } from '../../../shared/contracts/automations';
import { PLUGIN_ID, UID } from '../../../shared/uids';
import { isScalarType, isToOne, type ModelLike } from './paths';

/**
 * Which content types rules may watch: the ones a user owns and edits. That is every `api::`
 * collection type, and the `plugin::` collection types shown in the Content Manager (such as
 * users-permissions' users), except this plugin's own: of those only customers are records a
 * user creates and edits. Messages are excluded on purpose: the plugin writes them past the
 * document service (so a rule would never fire) and a rule on them would feed itself; tenants,
 * numbers, accounts, templates and automations are settings, and webhook events, pending statuses
 * and read markers are plumbing. Strapi's internal `admin::`/`strapi::` types, single types and
 * plugin types hidden from the Content Manager (upload, i18n, releases, review workflows,
 * users-permissions roles and permissions) are never offered.
 */
const OWN_WATCHABLE = new Set<string>([UID.customer]);

type WatchableModel = ModelLike & {
  kind?: string;
  pluginOptions?: { 'content-manager'?: { visible?: boolean }; i18n?: { localized?: boolean } };
};

export function isWatchable(model: WatchableModel | undefined): boolean {
  if (!model || model.kind !== 'collectionType') return false;
  const { uid } = model;
  if (uid.startsWith('api::')) return true;
  if (!uid.startsWith('plugin::')) return false;
  if (uid.startsWith(`plugin::${PLUGIN_ID}.`)) return OWN_WATCHABLE.has(uid);
  return model.pluginOptions?.['content-manager']?.visible !== false;
}

/**
 * Strapi 5 adds `createdAt`, `updatedAt` and `publishedAt` to every schema's attributes (and
 * `locale`, `localizations`, `createdBy`, `updatedBy` as private ones); `documentId` is not an
 * attribute. Each field is listed once; `publishedAt` only on types with draft & publish, `locale`
 * only on localized ones.
 */
function isOffered(model: WatchableModel, name: string): boolean {
  if (name === 'publishedAt') return Boolean(model.options?.draftAndPublish);
  if (name === 'locale' || name === 'localizations') return Boolean(model.pluginOptions?.i18n?.localized);
  return true;
}

const DOCUMENT_ID: ContentTypeField = { name: 'documentId', type: 'string' };

const visibleAttributes = (model: WatchableModel) =>
  Object.entries(model.attributes).filter(
    ([name, attribute]) => !attribute.private && attribute.type !== 'password' && isOffered(model, name)
  );

/** Adds `documentId` and the timestamps a schema may lack, once each. */
function withSystemFields(fields: ContentTypeField[]): ContentTypeField[] {
  const names = new Set(fields.map((field) => field.name));
  const missing: ContentTypeField[] = [DOCUMENT_ID];
  for (const name of ['createdAt', 'updatedAt']) missing.push({ name, type: 'datetime' });
  return [...fields, ...missing.filter((field) => !names.has(field.name))];
}

function scalarFields(model: WatchableModel): ContentTypeField[] {
  return visibleAttributes(model)
    .filter(([, attribute]) => isScalarType(attribute.type))
    .map(([name, attribute]) => ({ name, type: attribute.type, ...(attribute.enum ? { enum: attribute.enum } : {}) }));
}

/**
 * A content type for the editor's pickers: its fields, each once, and for a to-one relation the
 * related type's scalar fields (rule paths cross to-one relations only, so a to-many relation is
 * listed without fields).
 */
export function describeModel(model: WatchableModel, lookup: (uid: string) => ModelLike | undefined): ContentTypeDescription {
  const fields: ContentTypeField[] = [];
  for (const [name, attribute] of visibleAttributes(model)) {
    if (attribute.type === 'relation') {
      const target = attribute.target && isToOne(attribute) ? lookup(attribute.target) : undefined;
      fields.push({
        name,
        type: 'relation',
        relation: attribute.relation,
        target: attribute.target,
        fields: target ? withSystemFields(scalarFields(target)) : [],
      });
    } else if (attribute.type === 'component') {
      const component = attribute.component ? lookup(attribute.component) : undefined;
      fields.push({ name, type: 'component', target: attribute.component, fields: component && !attribute.repeatable ? scalarFields(component) : [] });
    } else if (attribute.type === 'media' || attribute.type === 'dynamiczone') {
      fields.push({ name, type: attribute.type });
    } else {
      fields.push({ name, type: attribute.type, ...(attribute.enum ? { enum: attribute.enum } : {}) });
    }
  }
  return {
    uid: model.uid,
    displayName: model.info?.displayName ?? model.uid,
    draftAndPublish: Boolean(model.options?.draftAndPublish),
    fields: withSystemFields(fields),
  };
}

import type { ContentTypeDescription, ContentTypeField } from '../../../shared/contracts/automations';
import { UID } from '../../../shared/uids';
import { isScalarType, type ModelLike } from './paths';

/**
 * Which content types rules may watch, and their fields for the editor's pickers: every `api::`
 * and `plugin::` collection type except Strapi's internal ones and the plugin's own plumbing
 * (a rule on messages would feed itself).
 */
const EXCLUDED_UIDS = new Set<string>([
  UID.message,
  UID.webhookEvent,
  UID.automation,
  UID.businessAccount,
  'plugin::users-permissions.permission',
  'plugin::users-permissions.role',
]);
const EXCLUDED_PLUGINS = ['plugin::upload.', 'plugin::i18n.', 'plugin::content-releases.', 'plugin::review-workflows.'];

export function isWatchable(model: (ModelLike & { kind?: string }) | undefined): boolean {
  if (!model || model.kind !== 'collectionType') return false;
  const { uid } = model;
  if (!uid.startsWith('api::') && !uid.startsWith('plugin::')) return false;
  if (EXCLUDED_UIDS.has(uid)) return false;
  return !EXCLUDED_PLUGINS.some((prefix) => uid.startsWith(prefix));
}

const SYSTEM: ContentTypeField[] = [
  { name: 'documentId', type: 'string' },
  { name: 'createdAt', type: 'datetime' },
  { name: 'updatedAt', type: 'datetime' },
];

function scalarFields(model: ModelLike): ContentTypeField[] {
  return Object.entries(model.attributes)
    .filter(([, attribute]) => isScalarType(attribute.type) && !attribute.private && attribute.type !== 'password')
    .map(([name, attribute]) => ({ name, type: attribute.type, ...(attribute.enum ? { enum: attribute.enum } : {}) }));
}

export function describeModel(model: ModelLike, lookup: (uid: string) => ModelLike | undefined): ContentTypeDescription {
  const fields: ContentTypeField[] = [];
  for (const [name, attribute] of Object.entries(model.attributes)) {
    if (attribute.private || attribute.type === 'password') continue;
    if (attribute.type === 'relation') {
      const target = attribute.target ? lookup(attribute.target) : undefined;
      fields.push({
        name,
        type: 'relation',
        relation: attribute.relation,
        target: attribute.target,
        fields: target ? [...scalarFields(target), { name: 'documentId', type: 'string' }] : [],
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
    fields: [...fields, ...SYSTEM],
  };
}

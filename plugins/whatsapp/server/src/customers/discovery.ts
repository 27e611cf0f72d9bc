import type { GetCustomerRecords } from '../../../shared/contracts/customer-records';
import { UID } from '../../../shared/uids';
import { isWatchable } from '../automations/content-types';
import { isToOne, type AttributeLike, type ModelLike } from '../automations/paths';

/**
 * Which content types hold records about a customer, found from the schemas (pure: the models are
 * passed in, `strapi.contentTypes` at boot, plain objects in tests). A type is linked when
 * - it has a relation to the customer type (`invoice.customer`, `job.customer`);
 * - it carries a phone attribute itself (`supplier.phone`): its records match by normalised phone;
 * - it has a to-one relation to a type carrying a phone (`purchaseOrder.supplier` → `supplier.phone`).
 * Only types the automations may watch are considered (automations/content-types.ts: `api::`
 * collection types and the Content Manager's visible `plugin::` ones, not the plugin's settings
 * and plumbing, not `admin::`/upload internals); the customer type itself is the panel's subject.
 */

export type DiscoveryModel = ModelLike & {
  kind?: string;
  pluginOptions?: { 'content-manager'?: { visible?: boolean }; i18n?: { localized?: boolean } };
};

export interface LinkedType {
  uid: string;
  displayName: string;
  links: GetCustomerRecords.Link[];
  /** A to-one relation to the plugin's tenant: records of another tenant are never listed. */
  tenantAttribute: string | null;
  draftAndPublish: boolean;
  /** The title attribute when the Content Manager has no usable main field configured. */
  defaultTitleField: string;
}

/** Attribute names read as "a phone number": phone, phoneNumber, mobile, whatsapp, waId, telephone… */
const PHONE_NAME = /^(phone|phonenumber|mobile|mobilephone|mobilenumber|cellphone|telephone|tel|whatsapp|whatsappnumber|whatsappphone|waid)$/i;
const PHONE_TYPES = new Set(['string', 'text']);
const TITLE_NAMES = ['name', 'title', 'displayName', 'label', 'number', 'reference', 'code', 'subject', 'poNumber'];
const TITLE_TYPES = new Set(['string', 'uid', 'email', 'text', 'integer', 'biginteger']);

const usable = (attribute: AttributeLike) => !attribute.private && attribute.type !== 'password';

/** The model's phone attribute, if it has one (the first by schema order). */
export function phoneAttributeOf(model: ModelLike | undefined): string | null {
  if (!model) return null;
  for (const [name, attribute] of Object.entries(model.attributes)) {
    if (usable(attribute) && PHONE_TYPES.has(attribute.type) && PHONE_NAME.test(name)) return name;
  }
  return null;
}

/** A sensible title: a well-known name, else the first short string attribute, else documentId. */
export function defaultTitleFieldOf(model: ModelLike, exclude: string[] = []): string {
  const entries = Object.entries(model.attributes).filter(([name, a]) => usable(a) && !exclude.includes(name));
  for (const wanted of TITLE_NAMES) {
    const hit = entries.find(([name, a]) => name.toLowerCase() === wanted.toLowerCase() && TITLE_TYPES.has(a.type));
    if (hit) return hit[0];
  }
  const string = entries.find(([name, a]) => (a.type === 'string' || a.type === 'uid') && !/^(locale|createdAt|updatedAt|publishedAt)$/.test(name));
  return string ? string[0] : 'documentId';
}

const isRelationTo = (attribute: AttributeLike, target: string) => attribute.type === 'relation' && attribute.target === target;

export function discoverLinkedTypes(models: DiscoveryModel[], customerUid: string = UID.customer): LinkedType[] {
  const byUid = new Map(models.map((model) => [model.uid, model]));
  const result: LinkedType[] = [];
  for (const model of models) {
    if (model.uid === customerUid || !isWatchable(model)) continue;
    const links: GetCustomerRecords.Link[] = [];
    const ownPhone = phoneAttributeOf(model);
    let tenantAttribute: string | null = null;
    for (const [name, attribute] of Object.entries(model.attributes)) {
      if (!usable(attribute) || attribute.type !== 'relation' || !attribute.target) continue;
      if (isRelationTo(attribute, customerUid)) {
        links.push({ kind: 'customer', attribute: name });
      } else if (isRelationTo(attribute, UID.tenant) && isToOne(attribute)) {
        tenantAttribute ??= name;
      } else if (isToOne(attribute) && attribute.target !== model.uid) {
        const target = byUid.get(attribute.target);
        const phoneAttribute = target && isWatchable(target) ? phoneAttributeOf(target) : null;
        if (phoneAttribute) links.push({ kind: 'related-phone', attribute: name, target: attribute.target, phoneAttribute });
      }
    }
    if (ownPhone) links.push({ kind: 'phone', attribute: ownPhone });
    if (links.length === 0) continue;
    result.push({
      uid: model.uid,
      displayName: model.info?.displayName ?? model.uid,
      links,
      tenantAttribute,
      draftAndPublish: Boolean(model.options?.draftAndPublish),
      defaultTitleField: defaultTitleFieldOf(model, ownPhone ? [ownPhone] : []),
    });
  }
  return result.sort((a, b) => a.displayName.localeCompare(b.displayName));
}

/** The types whose phone attribute must be matched for a request: `{ uid → phone attribute }`. */
export function phoneSources(types: LinkedType[], lookup: (uid: string) => ModelLike | undefined): Map<string, { phoneAttribute: string; tenantAttribute: string | null }> {
  const sources = new Map<string, { phoneAttribute: string; tenantAttribute: string | null }>();
  const tenantOf = (uid: string) => {
    const model = lookup(uid);
    const hit = model && Object.entries(model.attributes).find(([, a]) => isRelationTo(a, UID.tenant) && isToOne(a));
    return hit ? hit[0] : null;
  };
  for (const type of types) {
    for (const link of type.links) {
      if (link.kind === 'phone') sources.set(type.uid, { phoneAttribute: link.attribute, tenantAttribute: type.tenantAttribute });
      if (link.kind === 'related-phone' && !sources.has(link.target)) {
        sources.set(link.target, { phoneAttribute: link.phoneAttribute, tenantAttribute: tenantOf(link.target) });
      }
    }
  }
  return sources;
}

import { UID } from '../../../../shared/uids';
import { defaultTitleFieldOf, discoverLinkedTypes, phoneAttributeOf, phoneSources, type DiscoveryModel } from '../discovery';

const model = (uid: string, attributes: DiscoveryModel['attributes'], extra: Partial<DiscoveryModel> = {}): DiscoveryModel => ({
  uid,
  kind: 'collectionType',
  info: { displayName: uid.split('.').pop() },
  attributes,
  ...extra,
});

const tenantRelation = { type: 'relation', relation: 'manyToOne', target: UID.tenant };

const MODELS: DiscoveryModel[] = [
  model(UID.customer, { name: { type: 'string' }, phone: { type: 'string' } }),
  model(UID.tenant, { name: { type: 'string' }, customers: { type: 'relation', relation: 'oneToMany', target: UID.customer } }),
  model(UID.message, { customer: { type: 'relation', relation: 'manyToOne', target: UID.customer } }),
  model('api::invoice.invoice', { number: { type: 'string' }, customer: { type: 'relation', relation: 'manyToOne', target: UID.customer }, tenant: tenantRelation }),
  model('api::job.job', { title: { type: 'string' }, customer: { type: 'relation', relation: 'manyToOne', target: UID.customer } }, { options: { draftAndPublish: true } }),
  model('api::supplier.supplier', {
    name: { type: 'string' },
    phone: { type: 'string' },
    tenant: tenantRelation,
    purchaseOrders: { type: 'relation', relation: 'oneToMany', target: 'api::purchase-order.purchase-order', mappedBy: 'supplier' } as any,
  }),
  model('api::purchase-order.purchase-order', {
    poNumber: { type: 'string' },
    supplier: { type: 'relation', relation: 'manyToOne', target: 'api::supplier.supplier' },
    tenant: tenantRelation,
  }),
  model('api::note.note', { body: { type: 'text' }, owners: { type: 'relation', relation: 'manyToMany', target: 'api::supplier.supplier' } }),
  model('api::secret.secret', { mobile: { type: 'string', private: true }, label: { type: 'string' } }),
  model('api::settings.settings', { phone: { type: 'string' } }, { kind: 'singleType' }),
  model('admin::user', { phone: { type: 'string' } }),
  model('plugin::upload.file', { phone: { type: 'string' } }, { pluginOptions: { 'content-manager': { visible: false } } }),
  model('plugin::users-permissions.user', { username: { type: 'string' }, mobilePhone: { type: 'string' }, customer: { type: 'relation', relation: 'oneToOne', target: UID.customer } }),
];

describe('discoverLinkedTypes', () => {
  const types = discoverLinkedTypes(MODELS);
  const byUid = Object.fromEntries(types.map((t) => [t.uid, t]));

  it('finds relations to the customer, own phones and to-one relations to a phone carrier', () => {
    expect(Object.keys(byUid).sort()).toEqual([
      'api::invoice.invoice',
      'api::job.job',
      'api::purchase-order.purchase-order',
      'api::supplier.supplier',
      'plugin::users-permissions.user',
    ]);
    expect(byUid['api::invoice.invoice'].links).toEqual([{ kind: 'customer', attribute: 'customer' }]);
    expect(byUid['api::supplier.supplier'].links).toEqual([{ kind: 'phone', attribute: 'phone' }]);
    expect(byUid['api::purchase-order.purchase-order'].links).toEqual([
      { kind: 'related-phone', attribute: 'supplier', target: 'api::supplier.supplier', phoneAttribute: 'phone' },
    ]);
    expect(byUid['plugin::users-permissions.user'].links).toEqual([
      { kind: 'customer', attribute: 'customer' },
      { kind: 'phone', attribute: 'mobilePhone' },
    ]);
  });

  it("never lists the plugin's own types, single types, internals, hidden plugin types or private phones; a to-many to a phone carrier is not followed", () => {
    for (const uid of [UID.customer, UID.tenant, UID.message, 'api::settings.settings', 'admin::user', 'plugin::upload.file', 'api::secret.secret', 'api::note.note']) {
      expect(byUid[uid]).toBeUndefined();
    }
  });

  it('records the tenant relation, draft & publish and a title field', () => {
    expect(byUid['api::purchase-order.purchase-order']).toMatchObject({ tenantAttribute: 'tenant', draftAndPublish: false, defaultTitleField: 'poNumber' });
    expect(byUid['api::job.job']).toMatchObject({ tenantAttribute: null, draftAndPublish: true, defaultTitleField: 'title' });
    expect(byUid['api::supplier.supplier'].defaultTitleField).toBe('name');
    expect(byUid['plugin::users-permissions.user'].defaultTitleField).toBe('username');
  });

  it('collects the phone carriers a request must match, once each, with their tenant relation', () => {
    const lookup = (uid: string) => MODELS.find((m) => m.uid === uid);
    const sources = phoneSources(types, lookup);
    expect([...sources.entries()].sort()).toEqual([
      ['api::supplier.supplier', { phoneAttribute: 'phone', tenantAttribute: 'tenant' }],
      ['plugin::users-permissions.user', { phoneAttribute: 'mobilePhone', tenantAttribute: null }],
    ]);
    // The purchase order alone still needs the supplier's phones.
    expect([...phoneSources([byUid['api::purchase-order.purchase-order']], lookup).keys()]).toEqual(['api::supplier.supplier']);
  });
});

describe('phoneAttributeOf and defaultTitleFieldOf', () => {
  it('reads phone-like names of string attributes only', () => {
    expect(phoneAttributeOf(model('api::a.a', { whatsappNumber: { type: 'string' } }))).toBe('whatsappNumber');
    expect(phoneAttributeOf(model('api::a.a', { phone: { type: 'integer' } }))).toBeNull();
    expect(phoneAttributeOf(model('api::a.a', { phoneBook: { type: 'string' } }))).toBeNull();
    expect(phoneAttributeOf(undefined)).toBeNull();
  });

  it('falls back to the first string, then documentId', () => {
    expect(defaultTitleFieldOf(model('api::a.a', { amount: { type: 'decimal' }, ref: { type: 'string' } }))).toBe('ref');
    expect(defaultTitleFieldOf(model('api::a.a', { amount: { type: 'decimal' } }))).toBe('documentId');
    expect(defaultTitleFieldOf(model('api::a.a', { phone: { type: 'string' } }), ['phone'])).toBe('documentId');
  });
});

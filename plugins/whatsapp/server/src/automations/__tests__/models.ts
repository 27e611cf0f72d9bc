import type { ModelLike } from '../paths';

/** A miniature of the host app's models (suppliers, purchase orders, jobs) for pure tests. */
export const MODELS: Record<string, ModelLike & { kind: string }> = {
  'api::purchase-order.purchase-order': {
    uid: 'api::purchase-order.purchase-order',
    kind: 'collectionType',
    info: { displayName: 'Purchase order' },
    options: { draftAndPublish: false },
    attributes: {
      poNumber: { type: 'string' },
      total: { type: 'decimal' },
      currency: { type: 'string' },
      orderedOn: { type: 'date' },
      orderStatus: { type: 'enumeration', enum: ['draft', 'submitted', 'approved', 'rejected', 'received'] },
      supplier: { type: 'relation', relation: 'manyToOne', target: 'api::supplier.supplier' },
      tenant: { type: 'relation', relation: 'manyToOne', target: 'plugin::whatsapp.tenant' },
      lines: { type: 'relation', relation: 'oneToMany', target: 'api::supplier.supplier' },
      address: { type: 'component', component: 'shared.address' },
      attachments: { type: 'media', multiple: true },
      cover: { type: 'media', multiple: false },
    },
  },
  'api::supplier.supplier': {
    uid: 'api::supplier.supplier',
    kind: 'collectionType',
    info: { displayName: 'Supplier' },
    attributes: {
      name: { type: 'string' },
      phone: { type: 'string' },
      tenant: { type: 'relation', relation: 'manyToOne', target: 'plugin::whatsapp.tenant' },
    },
  },
  'api::job.job': {
    uid: 'api::job.job',
    kind: 'collectionType',
    info: { displayName: 'Job' },
    options: { draftAndPublish: true },
    attributes: {
      title: { type: 'string' },
      technician: { type: 'string' },
      scheduledAt: { type: 'datetime' },
      stage: { type: 'enumeration', enum: ['requested', 'scheduled', 'in_progress', 'completed', 'cancelled'] },
      customer: { type: 'relation', relation: 'manyToOne', target: 'plugin::whatsapp.customer' },
    },
  },
  'plugin::whatsapp.customer': {
    uid: 'plugin::whatsapp.customer',
    kind: 'collectionType',
    info: { displayName: 'Customer' },
    attributes: {
      name: { type: 'string' },
      phone: { type: 'string' },
      identityKey: { type: 'string', private: true },
      tenant: { type: 'relation', relation: 'manyToOne', target: 'plugin::whatsapp.tenant' },
    },
  },
  'plugin::whatsapp.tenant': {
    uid: 'plugin::whatsapp.tenant',
    kind: 'collectionType',
    info: { displayName: 'WhatsApp tenant' },
    attributes: { name: { type: 'string' }, defaultLanguage: { type: 'string' } },
  },
  'plugin::whatsapp.message': {
    uid: 'plugin::whatsapp.message',
    kind: 'collectionType',
    attributes: { body: { type: 'text' } },
  },
  'shared.address': {
    uid: 'shared.address',
    kind: 'component',
    attributes: { city: { type: 'string' } },
  },
};

export const lookup = (uid: string) => MODELS[uid];

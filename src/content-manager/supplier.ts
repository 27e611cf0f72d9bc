import type { ContentManagerView, Label } from '../../plugins/whatsapp/server/src/core/content-manager/types';

const l = (en: string, es: string, eu: string): Label => ({ en, es, eu });

/** Suppliers: the purchase-order rule sends them a WhatsApp message in their language. */
export const supplierView: ContentManagerView = {
  uid: 'api::supplier.supplier',
  version: 1,
  displayName: { en: 'Supplier', es: 'Proveedor', eu: 'Hornitzailea' },
  settings: { mainField: 'name', defaultSortBy: 'name', defaultSortOrder: 'ASC', pageSize: 20 },
  list: ['name', 'phone', 'email', 'language', 'tenant'],
  edit: [['name', 'tenant'], ['phone', 'email'], ['language'], ['purchaseOrders']],
  fields: {
    name: { label: l('Name', 'Nombre', 'Izena') },
    phone: { label: l('Phone', 'Teléfono', 'Telefonoa'), description: 'International format with the country code, e.g. +34 600 123 456' },
    email: { label: l('E-mail', 'Correo electrónico', 'Helbide elektronikoa') },
    language: { label: l('Language', 'Idioma', 'Hizkuntza'), description: 'Template language code, e.g. es' },
    tenant: { label: l('Tenant', 'Organización', 'Erakundea'), mainField: 'name' },
    purchaseOrders: { label: l('Purchase orders', 'Pedidos de compra', 'Erosketa-eskaerak'), mainField: 'poNumber' },
  },
};

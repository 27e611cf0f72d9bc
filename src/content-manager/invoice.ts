import type { ContentManagerView, Label } from '../../plugins/whatsapp/server/src/core/content-manager/types';

const l = (en: string, es: string, eu: string): Label => ({ en, es, eu });

/** Invoices: creating one notifies the customer. */
export const invoiceView: ContentManagerView = {
  uid: 'api::invoice.invoice',
  version: 1,
  displayName: { en: 'Invoice', es: 'Factura', eu: 'Faktura' },
  settings: { mainField: 'number', defaultSortBy: 'number', defaultSortOrder: 'DESC', pageSize: 20 },
  list: ['number', 'customer', 'invoiceStatus', 'amount', 'currency', 'dueDate', 'tenant'],
  edit: [['number', 'invoiceStatus'], ['customer', 'tenant'], ['amount', 'currency', 'dueDate']],
  fields: {
    number: { label: l('Number', 'Número', 'Zenbakia') },
    amount: { label: l('Amount', 'Importe', 'Zenbatekoa') },
    currency: { label: l('Currency', 'Moneda', 'Moneta'), description: 'ISO 4217 code, e.g. EUR' },
    dueDate: { label: l('Due date', 'Vencimiento', 'Epemuga') },
    invoiceStatus: { label: l('Invoice status', 'Estado de la factura', 'Fakturaren egoera') },
    customer: { label: l('Customer', 'Cliente', 'Bezeroa'), mainField: 'name' },
    tenant: { label: l('Tenant', 'Organización', 'Erakundea'), mainField: 'name' },
  },
};

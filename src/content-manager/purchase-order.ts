import type { ContentManagerView, Label } from '../../plugins/whatsapp/server/src/core/content-manager/types';

const l = (en: string, es: string, eu: string): Label => ({ en, es, eu });

/** Purchase orders: approving one notifies the supplier (the demo rule "Purchase order approved → supplier"). */
export const purchaseOrderView: ContentManagerView = {
  uid: 'api::purchase-order.purchase-order',
  version: 1,
  displayName: { en: 'Purchase order', es: 'Pedido de compra', eu: 'Erosketa-eskaera' },
  settings: { mainField: 'poNumber', defaultSortBy: 'poNumber', defaultSortOrder: 'DESC', pageSize: 20 },
  list: ['poNumber', 'supplier', 'orderStatus', 'total', 'currency', 'tenant', 'updatedAt'],
  edit: [['poNumber', 'orderStatus'], ['supplier', 'tenant'], ['total', 'currency']],
  fields: {
    poNumber: { label: l('Number', 'Número', 'Zenbakia') },
    total: { label: l('Total', 'Total', 'Guztira') },
    currency: { label: l('Currency', 'Moneda', 'Moneta'), description: 'ISO 4217 code, e.g. EUR' },
    orderStatus: { label: l('Order status', 'Estado del pedido', 'Eskaeraren egoera'), description: 'Approving it sends the supplier a WhatsApp notification' },
    supplier: { label: l('Supplier', 'Proveedor', 'Hornitzailea'), mainField: 'name' },
    tenant: { label: l('Tenant', 'Organización', 'Erakundea'), mainField: 'name' },
    updatedAt: { label: l('Updated', 'Actualizado', 'Eguneratua') },
  },
};

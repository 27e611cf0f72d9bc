import type { Core } from '@strapi/strapi';

const SUPPLIER = 'api::supplier.supplier';
const PURCHASE_ORDER = 'api::purchase-order.purchase-order';

/** Suppliers of the bakeries and a few purchase orders, for the po_notification automation. */
export const DEMO_SUPPLIERS = [
  { name: 'Harinas del Norte', phone: '+34944123456', email: 'pedidos@harinasdelnorte.example', language: 'es', tenant: 'panaderia-la-espiga' },
  { name: 'Lácteos Valle Verde', phone: '+34985234567', email: 'ventas@vallever.example', language: 'es', tenant: 'horno-san-miguel' },
  { name: 'Northern Mills Ltd', phone: '+447700900123', email: 'orders@northernmills.example', language: 'en', tenant: 'panaderia-la-espiga' },
];

export const DEMO_PURCHASE_ORDERS = [
  { poNumber: 'PO-2026-0040', total: 1250, orderStatus: 'approved', supplier: 'Harinas del Norte', tenant: 'panaderia-la-espiga' },
  { poNumber: 'PO-2026-0041', total: 380.5, orderStatus: 'submitted', supplier: 'Lácteos Valle Verde', tenant: 'horno-san-miguel' },
  { poNumber: 'PO-2026-0042', total: 2140, orderStatus: 'draft', supplier: 'Harinas del Norte', tenant: 'panaderia-la-espiga' },
  { poNumber: 'PO-2026-0043', total: 640, orderStatus: 'received', supplier: 'Northern Mills Ltd', tenant: 'panaderia-la-espiga' },
];

export async function seedDemoSuppliers(
  strapi: Core.Strapi,
  tenants: Map<string, string>
): Promise<{ suppliers: number; purchaseOrders: number }> {
  const suppliers = strapi.documents(SUPPLIER as any);
  const orders = strapi.documents(PURCHASE_ORDER as any);
  const byName = new Map<string, string>();
  let createdSuppliers = 0;
  let createdOrders = 0;

  for (const { tenant, ...supplier } of DEMO_SUPPLIERS) {
    let saved: any = await suppliers.findFirst({ filters: { name: supplier.name } } as any);
    if (!saved) {
      saved = await suppliers.create({ data: { ...supplier, tenant: tenants.get(tenant) } } as any);
      createdSuppliers += 1;
    }
    byName.set(supplier.name, saved.documentId);
  }
  for (const { supplier, tenant, ...order } of DEMO_PURCHASE_ORDERS) {
    if (await orders.findFirst({ filters: { poNumber: order.poNumber } } as any)) continue;
    await orders.create({
      data: { ...order, currency: 'EUR', supplier: byName.get(supplier), tenant: tenants.get(tenant) },
    } as any);
    createdOrders += 1;
  }
  return { suppliers: createdSuppliers, purchaseOrders: createdOrders };
}

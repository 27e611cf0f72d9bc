import type { Core } from '@strapi/strapi';
import { UID } from '../../plugins/whatsapp/shared/uids';

const CUSTOMER = UID.customer;

type Demo = { name: string; phone: string; tenant: string; language?: string; email?: string; optedOut?: boolean; notes?: string };

/** Ten customers in E.164 (Spanish mobiles), spread over the bakeries. */
export const DEMO_CUSTOMERS: Demo[] = [
  { name: 'Lucía Fernández', phone: '+34611223344', tenant: 'panaderia-la-espiga', email: 'lucia.fernandez@example.com', notes: 'Encarga pan de centeno los viernes.' },
  { name: 'Javier Martínez', phone: '+34622334455', tenant: 'panaderia-la-espiga' },
  { name: 'Carmen López', phone: '+34633445566', tenant: 'panaderia-la-espiga', email: 'carmen.lopez@example.com' },
  { name: 'Emma Wilson', phone: '+34644556677', tenant: 'panaderia-la-espiga', language: 'en', notes: 'Prefers English.' },
  { name: 'Pablo Sánchez', phone: '+34655667788', tenant: 'horno-san-miguel' },
  { name: 'María García', phone: '+34666778899', tenant: 'horno-san-miguel', email: 'maria.garcia@example.com' },
  { name: 'Andrés Romero', phone: '+34677889900', tenant: 'horno-san-miguel', optedOut: true, notes: 'Pidió no recibir mensajes (BAJA).' },
  { name: 'Ane Etxeberria', phone: '+34688990011', tenant: 'obrador-dulce-miga' },
  { name: 'Sergio Navarro', phone: '+34699001122', tenant: 'obrador-dulce-miga' },
  { name: 'Itziar Agirre', phone: '+34610203040', tenant: 'pasteleria-el-trigal', email: 'itziar.agirre@example.com' },
];

export async function seedDemoCustomers(strapi: Core.Strapi, tenants: Map<string, string>): Promise<number> {
  const documents = strapi.documents(CUSTOMER as any);
  const optInDate = '2026-01-15T10:00:00.000Z';
  let created = 0;
  for (const { tenant, optedOut = false, language = 'es', ...customer } of DEMO_CUSTOMERS) {
    if (await documents.findFirst({ filters: { phone: customer.phone } } as any)) continue;
    await documents.create({
      data: {
        ...customer,
        language,
        waId: customer.phone.slice(1), // Meta's wa_id: the E.164 number without '+'
        optedIn: !optedOut,
        optedInAt: optInDate,
        optedOut,
        optedOutAt: optedOut ? '2026-03-02T18:30:00.000Z' : null,
        tenant: tenants.get(tenant),
      },
    } as any);
    created += 1;
  }
  return created;
}

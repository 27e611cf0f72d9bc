import type { Core } from '@strapi/strapi';
import { PLUGIN_ID, UID } from '../../plugins/whatsapp/shared/uids';

const TENANT = UID.tenant;

/** Four bakeries: two live on their own number, one switched off, one with no number yet. */
export const DEMO_TENANTS = [
  { slug: 'panaderia-la-espiga', name: 'Panadería La Espiga', whatsappEnabled: true, defaultLanguage: 'es', phoneNumberId: '100000000000001' },
  { slug: 'horno-san-miguel', name: 'Horno San Miguel', whatsappEnabled: true, defaultLanguage: 'es', phoneNumberId: '100000000000002' },
  { slug: 'obrador-dulce-miga', name: 'Obrador Dulce Miga', whatsappEnabled: false, defaultLanguage: 'es', phoneNumberId: '100000000000003' },
  { slug: 'pasteleria-el-trigal', name: 'Pastelería El Trigal', whatsappEnabled: false, defaultLanguage: 'es', phoneNumberId: undefined },
] as const;

/** Returns slug → documentId. Numbers are assigned only when their record exists (offline mode). */
export async function seedDemoTenants(
  strapi: Core.Strapi,
  numbers: Map<string, string>
): Promise<Map<string, string>> {
  const documents = strapi.documents(TENANT as any);
  const bySlug = new Map<string, string>();
  for (const { phoneNumberId, ...tenant } of DEMO_TENANTS) {
    const number = phoneNumberId ? numbers.get(phoneNumberId) : undefined;
    const existing: any = await documents.findFirst({ filters: { slug: tenant.slug } } as any);
    const saved: any = existing ?? (await documents.create({ data: tenant } as any));
    // Through the assignment service: the only writer of the tenant ↔ number link (docs/numbers.md).
    if (!existing && number && phoneNumberId) {
      await strapi.plugin(PLUGIN_ID).service('tenants').assignPhone(saved.documentId, phoneNumberId);
    }
    bySlug.set(tenant.slug, saved.documentId);
  }
  return bySlug;
}

import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { renderQuickReply, type QuickReply, type QuickReplyVariable } from '../../../shared/contracts/conversations-team';
import { UID } from '../../../shared/uids';

/**
 * Quick replies: canned texts edited in the Content Manager (`plugin::whatsapp.quick-reply`),
 * offered in the composer after `/`. A reply without a tenant is global; one with a tenant is
 * offered only in that tenant's conversations. `{{name}}`, `{{first_name}}`, `{{phone}}`,
 * `{{email}}` and `{{business_number}}` are filled from the conversation here, so the agent sees
 * (and can still edit) the final text before sending it as an ordinary text message.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async forConversation(conversationKey: string, search?: string): Promise<QuickReply[]> {
    // The newest message of the conversation tells its tenant and customer (as the inbox list does).
    const last = await strapi.db.query(UID.message).findOne({
      where: { conversationKey },
      orderBy: [{ id: 'desc' }],
      select: ['id', 'businessPhoneNumberId', 'customerPhone', 'profileName'],
      populate: { tenant: { select: ['id'] } },
    });
    if (!last) throw new errors.NotFoundError(`conversationKey: no conversation ${conversationKey}`);
    const withCustomer = await strapi.db.query(UID.message).findOne({
      where: { conversationKey, customer: { id: { $notNull: true } } },
      orderBy: [{ id: 'desc' }],
      select: ['id'],
      populate: { customer: { select: ['name', 'phone', 'email'] } },
    });
    const customer = withCustomer?.customer ?? null;
    const number = last.businessPhoneNumberId
      ? await strapi.db.query(UID.phoneNumber).findOne({ where: { phoneNumberId: last.businessPhoneNumberId }, select: ['displayPhoneNumber'] })
      : null;
    const name: string | null = customer?.name || last.profileName || null;
    const values: Record<QuickReplyVariable, string | null> = {
      name,
      first_name: name ? name.trim().split(/\s+/)[0] : null,
      phone: customer?.phone ?? last.customerPhone ?? null,
      email: customer?.email ?? null,
      business_number: number?.displayPhoneNumber ?? null,
    };

    const tenantId = last.tenant?.id ?? null;
    const where: any = { $or: [{ tenant: { id: { $null: true } } }, ...(tenantId ? [{ tenant: { id: tenantId } }] : [])] };
    if (search) where.$and = [{ $or: [{ shortcut: { $containsi: search } }, { title: { $containsi: search } }] }];
    const rows = await strapi.db.query(UID.quickReply).findMany({
      where,
      orderBy: [{ shortcut: 'asc' }, { id: 'asc' }],
      limit: 50,
      populate: { tenant: { select: ['documentId', 'name'] } },
    });
    return rows.map((row: any) => ({
      documentId: row.documentId,
      shortcut: row.shortcut,
      title: row.title ?? null,
      body: row.body,
      text: renderQuickReply(row.body, values),
      tenant: row.tenant ? { documentId: row.tenant.documentId, name: row.tenant.name } : null,
    }));
  },
});

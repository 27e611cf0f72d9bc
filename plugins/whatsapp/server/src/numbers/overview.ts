import type { Core } from '@strapi/strapi';
import type { GetOverview } from '../../../shared/contracts/overview';
import { UID } from '../../../shared/uids';
import { getService } from '../core/get-service';

/** The overview page's data: runtime mode, master account and default number, and counts. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const count = (uid: string, where?: Record<string, unknown>) =>
    strapi.db.query(uid as any).count(where ? { where } : {});

  return {
    async get(): Promise<GetOverview.Response['data']> {
      const runtime = getService(strapi, 'runtime').get();
      const [master, defaultNumber, counts] = await Promise.all([
        getService(strapi, 'accounts').findMaster(),
        strapi.db.query(UID.phoneNumber).findOne({ where: { isDefault: true } }),
        this.counts(),
      ]);
      return {
        mode: runtime.mode,
        apiVersion: runtime.apiVersion,
        notificationsEnabled: runtime.config.notificationsEnabled,
        // Fields picked one by one: the row also holds the encrypted token and app secret.
        masterAccount: master
          ? {
              name: master.name,
              wabaId: master.wabaId,
              connectionStatus: master.connectionStatus ?? null,
              lastSyncedAt: master.lastSyncedAt ?? null,
            }
          : null,
        defaultNumber: defaultNumber
          ? {
              phoneNumberId: defaultNumber.phoneNumberId,
              displayPhoneNumber: defaultNumber.displayPhoneNumber ?? null,
              verifiedName: defaultNumber.verifiedName ?? null,
              qualityRating: defaultNumber.qualityRating ?? null,
            }
          : null,
        counts,
      };
    },

    async counts(): Promise<GetOverview.Counts> {
      const [phoneNumbers, tenants, tenantsEnabled, customers, messages, failedMessages, pendingWebhookEvents] =
        await Promise.all([
          count(UID.phoneNumber),
          count(UID.tenant),
          count(UID.tenant, { whatsappEnabled: true }),
          count(UID.customer),
          count(UID.message),
          count(UID.message, { deliveryStatus: 'failed' }),
          count(UID.webhookEvent, { processingStatus: { $in: ['pending', 'processing'] } }),
        ]);
      return { phoneNumbers, tenants, tenantsEnabled, customers, messages, failedMessages, pendingWebhookEvents };
    },
  };
};

import type { Core } from '@strapi/strapi';
import { createGraphClient, type GraphClient } from '../core/graph';
import { UID } from '../../../shared/uids';
import { getService } from '../core/get-service';

export interface AccountCredentials {
  accountId: number;
  wabaId: string;
  accessToken: string;
  appSecret?: string;
  apiVersion: string;
  graphApiUrl: string;
}

/**
 * Business accounts and the credentials that go with each phone number. The master (shared)
 * account comes from the environment and is written at every bootstrap; dedicated accounts are
 * added by admins. Secrets are stored encrypted (see the document middleware in register.ts).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const runtime = () => getService(strapi, 'runtime').get();
  const secrets = () => getService(strapi, 'secrets');

  return {
    /** Creates or updates the master account and its default number from the environment. */
    async ensureMaster(): Promise<void> {
      const state = runtime();
      if (state.mode === 'unconfigured' || !state.businessAccountId) return;
      const accounts = strapi.documents(UID.businessAccount);
      const existing = await accounts.findFirst({ filters: { wabaId: state.businessAccountId } });
      const data: Record<string, unknown> = {
        wabaId: state.businessAccountId,
        kind: 'shared',
        isMaster: true,
        apiVersion: state.apiVersion,
      };
      if (!existing) data.name = state.mode === 'offline' ? 'Sandbox master account' : 'Master account';
      // Encrypted by the business-account document middleware.
      if (state.accessToken) data.accessToken = state.accessToken;
      if (state.appSecret) data.appSecret = state.appSecret;

      // Only one master: an account that was master under another WABA id stops being it.
      await strapi.db
        .query(UID.businessAccount)
        .updateMany({ where: { isMaster: true, wabaId: { $ne: state.businessAccountId } }, data: { isMaster: false } });

      const account = existing
        ? await accounts.update({ documentId: existing.documentId, data: data as any })
        : await accounts.create({ data: data as any });

      if (!state.phoneNumberId) return;
      const numbers = strapi.documents(UID.phoneNumber);
      const number = await numbers.findFirst({ filters: { phoneNumberId: state.phoneNumberId } });
      await strapi.db
        .query(UID.phoneNumber)
        .updateMany({ where: { isDefault: true, phoneNumberId: { $ne: state.phoneNumberId } }, data: { isDefault: false } });
      const numberData = { phoneNumberId: state.phoneNumberId, isDefault: true, account: account!.documentId };
      if (number) await numbers.update({ documentId: number.documentId, data: numberData as any });
      else await numbers.create({ data: { ...numberData, throughputPerSecond: state.config.defaultThroughput } as any });
    },

    /** The master account row (shared WABA), if configured. */
    async findMaster() {
      return strapi.db.query(UID.businessAccount).findOne({ where: { isMaster: true } });
    },

    /**
     * Credentials of the account that owns a phone number (Meta's phone number id). Falls back to
     * the master account for a number with no account. Undefined when nothing is configured.
     */
    async credentialsForPhoneNumber(phoneNumberId: string): Promise<AccountCredentials | undefined> {
      const number = await strapi.db
        .query(UID.phoneNumber)
        .findOne({ where: { phoneNumberId }, populate: { account: true } });
      const account = number?.account ?? (await this.findMaster());
      return account ? this.credentialsOf(account) : undefined;
    },

    /** Decrypted credentials of an account row (as returned by strapi.db.query, secrets included). */
    credentialsOf(account: {
      id: number;
      wabaId: string;
      accessToken?: string | null;
      appSecret?: string | null;
      apiVersion?: string | null;
      isMaster?: boolean;
    }): AccountCredentials | undefined {
      const state = runtime();
      const accessToken = secrets().decrypt(account.accessToken) ?? (account.isMaster ? state.accessToken : undefined);
      if (!accessToken) return undefined;
      return {
        accountId: account.id,
        wabaId: account.wabaId,
        accessToken,
        appSecret: secrets().decrypt(account.appSecret) ?? (account.isMaster ? state.appSecret : undefined),
        apiVersion: account.apiVersion || state.apiVersion,
        graphApiUrl: state.graphApiUrl,
      };
    },

    /** A Graph API client bound to an account's credentials. */
    graphClient(credentials: AccountCredentials): GraphClient {
      return createGraphClient({
        baseUrl: credentials.graphApiUrl,
        apiVersion: credentials.apiVersion,
        accessToken: credentials.accessToken,
        timeoutMs: runtime().config.requestTimeoutMs,
      });
    },
  };
};

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
    /**
     * Creates or updates the master account and its default number from the environment (offline:
     * the sandbox's WABA, first number and credentials). Writes only what differs from what is
     * stored, so another process on the database (a CLI command, a second instance, a restart)
     * with the same configuration rewrites nothing, not even a secret's ciphertext.
     */
    async ensureMaster(): Promise<void> {
      const state = runtime();
      if (state.mode === 'unconfigured' || !state.businessAccountId) return;
      const wabaId = state.businessAccountId;
      const rows = strapi.db.query(UID.businessAccount);
      const find = () => rows.findOne({ where: { wabaId } }) as Promise<Record<string, any> | null>;
      const sameSecret = (stored: string | null | undefined, plain: string) => {
        try {
          return secrets().decrypt(stored) === plain;
        } catch {
          return false; // not readable with this key any more: write it again
        }
      };
      const changes = (existing: Record<string, any> | null): Record<string, unknown> => {
        const wanted: Record<string, unknown> = { wabaId, kind: 'shared', isMaster: true, apiVersion: state.apiVersion };
        const data: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(wanted)) if (existing?.[key] !== value) data[key] = value;
        if (!existing) data.name = state.mode === 'offline' ? 'Sandbox master account' : 'Master account';
        // Encrypted by the business-account document middleware.
        if (state.accessToken && !sameSecret(existing?.accessToken, state.accessToken)) data.accessToken = state.accessToken;
        if (state.appSecret && !sameSecret(existing?.appSecret, state.appSecret)) data.appSecret = state.appSecret;
        return data;
      };

      // Only one master: an account that was master under another WABA id stops being it.
      await rows.updateMany({ where: { isMaster: true, wabaId: { $ne: wabaId } }, data: { isMaster: false } });

      let existing = await find();
      const data = changes(existing);
      if (!existing) {
        try {
          await strapi.documents(UID.businessAccount).create({ data: data as any });
        } catch (error) {
          // Another process on the database created it at the same time: update theirs.
          existing = await find();
          if (!existing) throw error;
          const rest = changes(existing);
          if (Object.keys(rest).length > 0) await strapi.documents(UID.businessAccount).update({ documentId: existing.documentId, data: rest as any });
        }
      } else if (Object.keys(data).length > 0) {
        await strapi.documents(UID.businessAccount).update({ documentId: existing.documentId, data: data as any });
      }
      const account = (await find())!;

      if (!state.phoneNumberId) return;
      await strapi.db
        .query(UID.phoneNumber)
        .updateMany({ where: { isDefault: true, phoneNumberId: { $ne: state.phoneNumberId } }, data: { isDefault: false } });
      const number = (await strapi.db
        .query(UID.phoneNumber)
        .findOne({ where: { phoneNumberId: state.phoneNumberId }, populate: { account: { select: ['id'] } } })) as Record<string, any> | null;
      const numberData = { phoneNumberId: state.phoneNumberId, isDefault: true, account: account.documentId };
      if (!number) {
        try {
          await strapi.documents(UID.phoneNumber).create({ data: { ...numberData, throughputPerSecond: state.config.defaultThroughput } as any });
          return;
        } catch (error) {
          // Created by another process at the same time: make sure it is ours below.
          const raced = await strapi.db.query(UID.phoneNumber).findOne({ where: { phoneNumberId: state.phoneNumberId } });
          if (!raced) throw error;
          await strapi.documents(UID.phoneNumber).update({ documentId: raced.documentId, data: numberData as any });
          return;
        }
      }
      if (number.isDefault !== true || number.account?.id !== account.id) {
        await strapi.documents(UID.phoneNumber).update({ documentId: number.documentId, data: numberData as any });
      }
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

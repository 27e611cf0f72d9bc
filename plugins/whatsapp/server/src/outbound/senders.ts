import type { Core } from '@strapi/strapi';
import { UID } from '../../../shared/uids';
import { getService } from '../core/get-service';
import { conflict, serviceUnavailable } from '../core/errors';
import type { AccountCredentials } from '../numbers/accounts';

export interface TenantRow {
  id: number;
  documentId: string;
  name: string;
  whatsappEnabled?: boolean | null;
  defaultLanguage?: string | null;
  phoneNumber?: PhoneNumberRow | null;
}

export interface PhoneNumberRow {
  id: number;
  documentId: string;
  phoneNumberId: string;
  displayPhoneNumber?: string | null;
  throughputPerSecond?: number | null;
  isDefault?: boolean | null;
  account?: { id: number; isMaster?: boolean | null } | null;
  tenant?: { id: number; documentId: string; name: string } | null;
}

export interface Sender {
  number: PhoneNumberRow;
  credentials: AccountCredentials;
}

/**
 * Which business number sends for a tenant (shared account model: docs/outbound.md#sender-selection,
 * docs/numbers.md): the tenant's assigned number with the credentials of the account that owns it;
 * without one, the master default number (WHATSAPP_PHONE_NUMBER_ID). Every refusal names what an
 * admin must change.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const numbers = () => strapi.db.query(UID.phoneNumber);
  const populate = { account: true, tenant: { select: ['id', 'documentId', 'name'] } } as const;
  const label = (number: PhoneNumberRow) => number.displayPhoneNumber || number.phoneNumberId;

  return {
    /** 503 unless WhatsApp is configured (live credentials, or the offline sandbox). */
    assertConfigured(): void {
      if (getService(strapi, 'runtime').get().mode === 'unconfigured') {
        throw serviceUnavailable(
          'WhatsApp is not configured: set WHATSAPP_ACCESS_TOKEN, WHATSAPP_PHONE_NUMBER_ID and WHATSAPP_BUSINESS_ACCOUNT_ID (or enable offline mode) and restart.'
        );
      }
    },

    async findNumber(phoneNumberId: string): Promise<PhoneNumberRow | null> {
      return numbers().findOne({ where: { phoneNumberId }, populate });
    },

    async defaultNumber(): Promise<PhoneNumberRow | null> {
      const configured = getService(strapi, 'runtime').get().phoneNumberId;
      if (configured) {
        const number = await this.findNumber(configured);
        if (number) return number;
      }
      return numbers().findOne({ where: { isDefault: true }, populate });
    },

    /**
     * The sender for a message to a customer of `tenant` (null: no tenant), optionally a number
     * the caller asked for by Meta phone number id.
     */
    async select(tenant: TenantRow | null, requested?: string): Promise<Sender> {
      this.assertConfigured();
      if (tenant && tenant.whatsappEnabled === false) {
        throw conflict(`WhatsApp is disabled for the tenant "${tenant.name}". Enable it in the tenant's settings first.`, {
          tenant: tenant.documentId,
        });
      }

      let number: PhoneNumberRow | null;
      if (requested) {
        number = await this.findNumber(requested);
        if (!number) throw conflict(`The sender number ${requested} is not one of this server's WhatsApp numbers. Sync the numbers first.`);
        if (number.tenant && tenant && number.tenant.id !== tenant.id) {
          throw conflict(`The number ${label(number)} is assigned to another tenant ("${number.tenant.name}").`);
        }
        if (number.tenant && !tenant) {
          throw conflict(`The number ${label(number)} is assigned to the tenant "${number.tenant.name}": send for that tenant instead.`);
        }
        if (tenant?.phoneNumber && tenant.phoneNumber.phoneNumberId !== requested) {
          throw conflict(`The tenant "${tenant.name}" sends from its own number ${label(tenant.phoneNumber)}, not ${label(number)}.`);
        }
      } else if (tenant?.phoneNumber) {
        number = await this.findNumber(tenant.phoneNumber.phoneNumberId);
      } else {
        number = await this.defaultNumber();
        if (!number) {
          throw conflict(
            tenant
              ? `The tenant "${tenant.name}" has no WhatsApp number and there is no default number. Assign a number to the tenant, or set WHATSAPP_PHONE_NUMBER_ID.`
              : 'There is no default WhatsApp number to send from. Set WHATSAPP_PHONE_NUMBER_ID, or send for a tenant that has a number.'
          );
        }
      }
      if (!number) throw conflict('The sender number could not be found. Sync the numbers first.');

      // The number row already carries its account (secrets included): no second lookup.
      const accounts = getService(strapi, 'accounts');
      const credentials = number.account ? accounts.credentialsOf(number.account as any) : await accounts.credentialsForPhoneNumber(number.phoneNumberId);
      if (!credentials) {
        throw conflict(`The account of the number ${label(number)} has no access token. Add the token to the business account.`);
      }
      return { number, credentials };
    },
  };
};

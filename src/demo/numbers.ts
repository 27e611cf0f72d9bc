import type { Core } from '@strapi/strapi';
import { createDemoSandboxOptions } from '../../plugins/whatsapp/sandbox/demo';
import { UID } from '../../plugins/whatsapp/shared/uids';

const PHONE_NUMBER = UID.phoneNumber;

/**
 * The sandbox's demo numbers as phone-number records of the master account, so offline mode
 * shows the same numbers the in-process sandbox serves. The plugin's bootstrap already wrote
 * the default number; it only gets its missing details filled in.
 */
export async function seedDemoNumbers(strapi: Core.Strapi, accountDocumentId: string): Promise<Map<string, string>> {
  const documents = strapi.documents(PHONE_NUMBER as any);
  const byPhoneNumberId = new Map<string, string>();
  for (const number of createDemoSandboxOptions().phoneNumbers) {
    const details = {
      displayPhoneNumber: number.displayPhoneNumber,
      verifiedName: number.verifiedName,
      qualityRating: number.qualityRating ?? 'UNKNOWN',
      messagingLimitTier: 'TIER_1K',
      numberStatus: 'CONNECTED',
      nameStatus: 'APPROVED',
      codeVerificationStatus: 'VERIFIED',
      account: accountDocumentId,
    };
    const existing: any = await documents.findFirst({ filters: { phoneNumberId: number.id } } as any);
    if (existing) {
      const missing = Object.fromEntries(
        Object.entries(details).filter(([key]) => key === 'account' || existing[key] == null || existing[key] === 'UNKNOWN')
      );
      await documents.update({ documentId: existing.documentId, data: missing } as any);
      byPhoneNumberId.set(number.id, existing.documentId);
    } else {
      const created: any = await documents.create({ data: { phoneNumberId: number.id, ...details } } as any);
      byPhoneNumberId.set(number.id, created.documentId);
    }
  }
  return byPhoneNumberId;
}

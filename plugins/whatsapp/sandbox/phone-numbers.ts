import type { SandboxPhoneNumber } from './types';
import type { Router, SandboxRequest } from './http/router';
import { paginate, pickFields } from './paging';
import type { SandboxContext } from './context';
import { metaErrors } from './errors';

/**
 * `GET /{waba-id}/phone_numbers` and `GET /{phone-number-id}`
 * (docs/whatsapp-cloud-api.md#business-phone-numbers).
 */

export const DEFAULT_PHONE_NUMBER: SandboxPhoneNumber = {
  id: '100000000000001',
  displayPhoneNumber: '+1 555-010-0001',
  verifiedName: 'Sandbox Business',
  qualityRating: 'GREEN',
};

export function phoneNumberRecord(number: SandboxPhoneNumber, defaultThroughput: number): Record<string, unknown> {
  const perSecond = number.throughputPerSecond ?? defaultThroughput;
  return {
    id: number.id,
    display_phone_number: number.displayPhoneNumber,
    verified_name: number.verifiedName ?? 'Sandbox Business',
    quality_rating: number.qualityRating ?? 'GREEN',
    code_verification_status: 'VERIFIED',
    name_status: 'APPROVED',
    status: 'CONNECTED',
    platform_type: 'CLOUD_API',
    throughput: { level: perSecond >= 1000 ? 'HIGH' : 'STANDARD' },
    whatsapp_business_manager_messaging_limit: 'TIER_2K',
    is_official_business_account: false,
    account_mode: 'LIVE',
  };
}

export function registerPhoneNumberRoutes(router: Router, ctx: SandboxContext): void {
  router.on('GET', '/:wabaId/phone_numbers', (req: SandboxRequest) => {
    if (req.params.wabaId !== ctx.wabaId) throw metaErrors.unknownObject('GET', req.params.wabaId);
    const records = [...ctx.numbers.values()].map((number) =>
      pickFields(phoneNumberRecord(number, ctx.throughputPerSecond), req.query.get('fields'))
    );
    return { status: 200, json: paginate(records, req) };
  });
}

import type { PhoneNumberView, TenantMember, TenantStatus, TenantView } from '../../../../shared/contracts/numbers';
import { adminUserName } from '../../core/admin-user-name';

/**
 * Row → response shapes for numbers and tenants. Only listed fields go out, so a column added
 * later (or a populated account with secrets) never leaks into a response by accident.
 */

const iso = (value: unknown): string | null =>
  value instanceof Date ? value.toISOString() : typeof value === 'string' ? value : null;

export function tenantStatus(row: { whatsappEnabled?: boolean | null; assignedPhoneNumberId?: string | null }): TenantStatus {
  if (!row.whatsappEnabled) return 'disabled';
  return row.assignedPhoneNumberId ? 'configured' : 'not_configured';
}

export function toTenantView(row: any): TenantView {
  const number = row.phoneNumber ?? null;
  return {
    id: row.documentId,
    name: row.name,
    slug: row.slug ?? null,
    whatsappEnabled: Boolean(row.whatsappEnabled),
    defaultLanguage: row.defaultLanguage || 'en',
    phoneNumberId: row.assignedPhoneNumberId ?? null,
    displayPhoneNumber: number?.displayPhoneNumber ?? null,
    qualityRating: number?.qualityRating ?? null,
    status: tenantStatus(row),
    autoAssign: Boolean(row.autoAssign),
    members: Array.isArray(row.members) ? row.members.map(toTenantMember).sort((a: TenantMember, b: TenantMember) => a.name.localeCompare(b.name)) : [],
  };
}

/** An admin user as a tenant member: name and e-mail only (never roles, tokens or hashes). */
export function toTenantMember(user: any): TenantMember {
  const name = adminUserName(user) || `admin #${user.id}`;
  return { id: user.id, name, email: user.email ?? null };
}

/** The admin user fields a member view needs, for `populate`/`select`. */
export const MEMBER_FIELDS = ['id', 'firstname', 'lastname', 'username', 'email'];

export function toPhoneNumberView(row: any): PhoneNumberView {
  const account = row.account ?? null;
  const tenant = row.tenant ?? null;
  return {
    id: row.documentId,
    phoneNumberId: row.phoneNumberId,
    displayPhoneNumber: row.displayPhoneNumber ?? null,
    verifiedName: row.verifiedName ?? null,
    qualityRating: row.qualityRating ?? null,
    messagingLimitTier: row.messagingLimitTier ?? null,
    status: row.numberStatus ?? null,
    nameStatus: row.nameStatus ?? null,
    codeVerificationStatus: row.codeVerificationStatus ?? null,
    throughputLevel: row.throughputLevel ?? null,
    throughputPerSecond: row.throughputPerSecond ?? null,
    isDefault: Boolean(row.isDefault),
    missingAtMeta: Boolean(row.missingAtMeta),
    lastSyncedAt: iso(row.lastSyncedAt),
    account: account
      ? { id: account.documentId, name: account.name, kind: account.kind, wabaId: account.wabaId }
      : null,
    tenant: tenant ? { id: tenant.documentId, name: tenant.name } : null,
  };
}

/** How a number is named in messages to people: its display number, else Meta's id. */
export function numberLabel(row: { displayPhoneNumber?: string | null; phoneNumberId: string }): string {
  return row.displayPhoneNumber || row.phoneNumberId;
}

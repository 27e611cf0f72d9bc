import type { AccountView } from '../../../../shared/contracts/accounts';

const iso = (value: unknown): string | null =>
  value instanceof Date ? value.toISOString() : typeof value === 'string' ? value : null;

/**
 * An account row (as `strapi.db.query` returns it, secrets included) → its admin view. Only
 * whether a secret is set and its last 4 characters go out; the fields are listed one by one so
 * the encrypted values can never be spread into a response.
 */
export function toAccountView(row: any, phoneNumberCount: number): AccountView {
  return {
    id: row.documentId,
    name: row.name,
    wabaId: row.wabaId,
    kind: row.kind,
    isMaster: Boolean(row.isMaster),
    apiVersion: row.apiVersion ?? null,
    accessTokenSet: Boolean(row.accessToken),
    accessTokenLast4: row.accessToken ? (row.accessTokenLast4 ?? null) : null,
    appSecretSet: Boolean(row.appSecret),
    appSecretLast4: row.appSecret ? (row.appSecretLast4 ?? null) : null,
    connectionStatus: row.connectionStatus ?? 'unknown',
    lastError: row.lastError ?? null,
    lastSyncedAt: iso(row.lastSyncedAt),
    phoneNumberCount,
    marketingMessagesEnabled: Boolean(row.marketingMessagesEnabled),
  };
}

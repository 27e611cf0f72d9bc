/**
 * The unique key of a customer: one WhatsApp user once per tenant (customers without a tenant
 * share the scope `none`). Stored in `customer.identityKey` (unique index), so two concurrent
 * "find or create" calls for the same person cannot create two customers.
 */
export function customerIdentityKey(tenantId: number | null | undefined, waId: string): string {
  return `${tenantId ?? 'none'}:${waId}`;
}

/**
 * The unique key of a customer: one person once per tenant, `<tenant documentId or "-">|<E.164>`
 * (the same format the inbound side uses, so a customer created by a send is found by the
 * webhook and vice versa). Stored in `customer.identityKey` (unique index), so two concurrent
 * "find or create" calls for the same person cannot create two customers.
 */
export function customerIdentityKey(tenantDocumentId: string | null | undefined, e164: string): string {
  return `${tenantDocumentId || '-'}|${e164}`;
}

import { useFetchClient } from '@strapi/strapi/admin';
import { useQuery } from '@tanstack/react-query';
import type { GetCustomerRecords } from '../../../shared/contracts/customer-records';
import { PLUGIN_ID } from '../pluginId';

/** The customer panel's data: `GET /whatsapp/customers/:documentId/records` (contact, consent, linked records). */
export const customerRecordsKeys = {
  all: [PLUGIN_ID, 'customer-records'] as const,
  of: (documentId: string) => [...customerRecordsKeys.all, documentId] as const,
};

export function useCustomerRecords(documentId: string | undefined) {
  const { get } = useFetchClient();
  return useQuery({
    queryKey: customerRecordsKeys.of(documentId ?? ''),
    enabled: Boolean(documentId),
    queryFn: async () => (await get<GetCustomerRecords.Response>(`/whatsapp/customers/${documentId}/records`)).data.data,
    staleTime: 30_000,
  });
}

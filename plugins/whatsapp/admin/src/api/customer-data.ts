import { useFetchClient } from '@strapi/strapi/admin';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { EraseCustomer, ExportCustomerData } from '../../../shared/contracts/customer-data';
import { PLUGIN_ID } from '../pluginId';

/** A customer's data rights: `GET /whatsapp/customers/:id/export` and `POST /whatsapp/customers/:id/erase`. */
export function useExportCustomer() {
  const { get } = useFetchClient();
  return useMutation({
    mutationFn: async (documentId: string) => (await get<ExportCustomerData.Response>(`/whatsapp/customers/${documentId}/export`)).data.data,
  });
}

export function useEraseCustomer() {
  const { post } = useFetchClient();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (documentId: string) =>
      (await post<EraseCustomer.Response>(`/whatsapp/customers/${documentId}/erase`, { confirm: true })).data.data,
    // The customer's conversations, timelines and counts are gone everywhere.
    onSettled: () => client.invalidateQueries({ queryKey: [PLUGIN_ID] }),
  });
}

import { useFetchClient } from '@strapi/strapi/admin';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { BlockCustomer } from '../../../shared/contracts/customer-block';
import { PLUGIN_ID } from '../pluginId';

/** Blocking on WhatsApp: `GET`, `POST` (block) and `DELETE` (unblock) `/whatsapp/customers/:id/block` (docs/customers-blocking.md). */
const blockKey = (documentId: string) => [PLUGIN_ID, 'customer-block', documentId] as const;

export function useCustomerBlock(documentId: string) {
  const { get } = useFetchClient();
  return useQuery({
    queryKey: blockKey(documentId),
    queryFn: async () => (await get<BlockCustomer.Response>(`/whatsapp/customers/${documentId}/block`)).data.data,
  });
}

export function useSetCustomerBlock(documentId: string) {
  const { post, del } = useFetchClient();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (blocked: boolean) =>
      (blocked
        ? await post<BlockCustomer.Response>(`/whatsapp/customers/${documentId}/block`, {})
        : await del<BlockCustomer.Response>(`/whatsapp/customers/${documentId}/block`)
      ).data.data,
    // The state shows in the timeline, the composer, the inbox and the customer panel.
    onSettled: () => client.invalidateQueries({ queryKey: [PLUGIN_ID] }),
  });
}

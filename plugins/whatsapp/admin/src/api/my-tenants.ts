import { useFetchClient } from '@strapi/strapi/admin';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ListMyTenants, UpdateMyTenant } from '../../../shared/contracts/my-whatsapp';
import { PLUGIN_ID } from '../pluginId';

/** "My WhatsApp": `GET /whatsapp/my-tenants` and `PUT /whatsapp/my-tenants/:id/settings`. */
const key = [PLUGIN_ID, 'my-tenants'] as const;

export function useMyTenants() {
  const { get } = useFetchClient();
  return useQuery({ queryKey: key, queryFn: async () => (await get<ListMyTenants.Response>('/whatsapp/my-tenants')).data.data });
}

export function useUpdateMyTenant() {
  const { put } = useFetchClient();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ tenantId, ...body }: { tenantId: string; whatsappEnabled?: boolean; defaultLanguage?: string }) =>
      (await put<UpdateMyTenant.Response>(`/whatsapp/my-tenants/${tenantId}/settings`, body)).data.data,
    onSettled: () => client.invalidateQueries({ queryKey: key }),
  });
}

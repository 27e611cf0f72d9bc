import { useFetchClient } from '@strapi/strapi/admin';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AssignPhone,
  ListMemberCandidates,
  ListPhoneNumbers,
  ListTenants,
  SetTenantMembers,
  SyncPhoneNumbers,
  UnassignPhone,
  UpdateTenantSettings,
} from '../../../shared/contracts/numbers';
import { PLUGIN_ID } from '../pluginId';

/** The numbers and tenants admin API (`/whatsapp/phone-numbers…`, `/whatsapp/tenants…`) as react-query hooks. */
export const numberKeys = {
  all: [PLUGIN_ID, 'numbers'] as const,
  numbers: () => [...numberKeys.all, 'phone-numbers'] as const,
  tenants: (query: ListTenants.Query) => [...numberKeys.all, 'tenants', query] as const,
  memberCandidates: () => [...numberKeys.all, 'member-candidates'] as const,
};

export function usePhoneNumbers() {
  const { get } = useFetchClient();
  return useQuery({
    queryKey: numberKeys.numbers(),
    queryFn: async () => (await get<ListPhoneNumbers.Response>('/whatsapp/phone-numbers')).data.data,
  });
}

export function useTenants(query: ListTenants.Query) {
  const { get } = useFetchClient();
  return useQuery({
    queryKey: numberKeys.tenants(query),
    queryFn: async () => (await get<ListTenants.Response>('/whatsapp/tenants', { params: query })).data,
    placeholderData: (previous) => previous,
  });
}

/** Every change to numbers or tenants refreshes both lists: an assignment changes both. */
function useInvalidate() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: numberKeys.all });
}

export function useSyncNumbers() {
  const { post } = useFetchClient();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async () => {
      const body: SyncPhoneNumbers.Request['body'] = {};
      return (await post<SyncPhoneNumbers.Response>('/whatsapp/phone-numbers/sync', body)).data.data;
    },
    onSettled: invalidate,
  });
}

export function useAssignPhone() {
  const { post } = useFetchClient();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async ({ tenantId, ...body }: { tenantId: string } & AssignPhone.Request['body']) =>
      (await post<AssignPhone.Response>(`/whatsapp/tenants/${tenantId}/assign-phone`, body)).data.data,
    onSettled: invalidate,
  });
}

export function useUnassignPhone() {
  const { del } = useFetchClient();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (tenantId: string) =>
      (await del<UnassignPhone.Response>(`/whatsapp/tenants/${tenantId}/assign-phone`)).data.data,
    onSettled: invalidate,
  });
}

export function useUpdateTenantSettings() {
  const { put } = useFetchClient();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async ({ tenantId, ...body }: { tenantId: string } & UpdateTenantSettings.Request['body']) =>
      (await put<UpdateTenantSettings.Response>(`/whatsapp/tenants/${tenantId}/settings`, body)).data.data,
    onSettled: invalidate,
  });
}

/** The active admin users a tenant can have as members; fetched when the members dialog opens. */
export function useMemberCandidates(enabled: boolean) {
  const { get } = useFetchClient();
  return useQuery({
    queryKey: numberKeys.memberCandidates(),
    queryFn: async () => (await get<ListMemberCandidates.Response>('/whatsapp/tenants/member-candidates')).data.data,
    enabled,
  });
}

export function useSetTenantMembers() {
  const { put } = useFetchClient();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async ({ tenantId, ...body }: { tenantId: string } & SetTenantMembers.Request['body']) =>
      (await put<SetTenantMembers.Response>(`/whatsapp/tenants/${tenantId}/members`, body)).data.data,
    onSettled: invalidate,
  });
}

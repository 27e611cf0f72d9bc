import { useFetchClient } from '@strapi/strapi/admin';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateAccount, DeleteAccount, ListAccounts, TestAccount, UpdateAccount } from '../../../shared/contracts/accounts';
import type { GetSettings, RevealVerifyToken } from '../../../shared/contracts/settings';
import { PLUGIN_ID } from '../pluginId';

/** Accounts and settings admin API (`/whatsapp/accounts…`, `/whatsapp/settings…`) as react-query hooks. */
export const accountKeys = {
  all: [PLUGIN_ID, 'accounts'] as const,
  list: () => [...accountKeys.all, 'list'] as const,
  test: (id: string) => [...accountKeys.all, 'test', id] as const,
  settings: [PLUGIN_ID, 'settings'] as const,
};

export function useSettings() {
  const { get } = useFetchClient();
  return useQuery({
    queryKey: accountKeys.settings,
    queryFn: async () => (await get<GetSettings.Response>('/whatsapp/settings')).data.data,
  });
}

export function useRevealVerifyToken() {
  const { get } = useFetchClient();
  return useMutation({
    mutationFn: async () => (await get<RevealVerifyToken.Response>('/whatsapp/settings/verify-token')).data.data.verifyToken,
  });
}

export function useAccounts(enabled: boolean) {
  const { get } = useFetchClient();
  return useQuery({
    queryKey: accountKeys.list(),
    enabled,
    queryFn: async () => (await get<ListAccounts.Response>('/whatsapp/accounts')).data.data,
  });
}

/** The live connection test of one account, run when the settings page shows it (cached 5 minutes). */
export function useAccountTest(id: string, enabled: boolean) {
  const { post } = useFetchClient();
  return useQuery({
    queryKey: accountKeys.test(id),
    enabled,
    staleTime: 5 * 60 * 1000,
    queryFn: async () => (await post<TestAccount.Response>(`/whatsapp/accounts/${id}/test`, {})).data.data,
  });
}

function useInvalidate() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: accountKeys.all });
}

export function useCreateAccount() {
  const { post } = useFetchClient();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (body: CreateAccount.Request['body']) =>
      (await post<CreateAccount.Response>('/whatsapp/accounts', body)).data.data,
    onSettled: invalidate,
  });
}

export function useUpdateAccount() {
  const { put } = useFetchClient();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async ({ id, ...body }: { id: string } & UpdateAccount.Request['body']) =>
      (await put<UpdateAccount.Response>(`/whatsapp/accounts/${id}`, body)).data.data,
    onSettled: invalidate,
  });
}

export function useDeleteAccount() {
  const { del } = useFetchClient();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (id: string) => (await del<DeleteAccount.Response>(`/whatsapp/accounts/${id}`)).data.data,
    onSettled: invalidate,
  });
}

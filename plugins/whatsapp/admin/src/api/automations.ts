import { useFetchClient } from '@strapi/strapi/admin';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AutomationActivity,
  DeleteAutomation,
  DryRunAutomation,
  GetAutomation,
  ListAutomationContentTypes,
  ListAutomations,
  ListAutomationTemplates,
  SaveAutomation,
} from '../../../shared/contracts/automations';
import { PLUGIN_ID } from '../pluginId';

/** The automations admin API (`/whatsapp/automations…`) as react-query hooks. */
export const automationKeys = {
  all: [PLUGIN_ID, 'automations'] as const,
  list: () => [...automationKeys.all, 'list'] as const,
  one: (documentId: string) => [...automationKeys.all, 'one', documentId] as const,
  activity: (documentId: string) => [...automationKeys.all, 'activity', documentId] as const,
  contentTypes: () => [...automationKeys.all, 'content-types'] as const,
  templates: () => [...automationKeys.all, 'templates'] as const,
  records: (uid: string) => [...automationKeys.all, 'records', uid] as const,
};

export function useAutomations() {
  const { get } = useFetchClient();
  return useQuery({
    queryKey: automationKeys.list(),
    queryFn: async () => (await get<ListAutomations.Response>('/whatsapp/automations')).data.data,
  });
}

export function useAutomation(documentId: string | undefined) {
  const { get } = useFetchClient();
  return useQuery({
    queryKey: automationKeys.one(documentId ?? ''),
    enabled: Boolean(documentId),
    queryFn: async () => (await get<GetAutomation.Response>(`/whatsapp/automations/${documentId}`)).data.data,
  });
}

export function useAutomationActivity(documentId: string | undefined) {
  const { get } = useFetchClient();
  return useQuery({
    queryKey: automationKeys.activity(documentId ?? ''),
    enabled: Boolean(documentId),
    refetchInterval: 10000,
    queryFn: async () => (await get<AutomationActivity.Response>(`/whatsapp/automations/${documentId}/activity`)).data.data,
  });
}

export function useContentTypes() {
  const { get } = useFetchClient();
  return useQuery({
    queryKey: automationKeys.contentTypes(),
    staleTime: Infinity,
    queryFn: async () => (await get<ListAutomationContentTypes.Response>('/whatsapp/automations/content-types')).data.data,
  });
}

export function useAutomationTemplates() {
  const { get } = useFetchClient();
  return useQuery({
    queryKey: automationKeys.templates(),
    queryFn: async () => (await get<ListAutomationTemplates.Response>('/whatsapp/automations/templates')).data.data,
  });
}

/** Recent records of a content type (content manager API), to pick one for the dry run. */
export function useRecentRecords(uid: string | undefined) {
  const { get } = useFetchClient();
  return useQuery({
    queryKey: automationKeys.records(uid ?? ''),
    enabled: Boolean(uid),
    queryFn: async () =>
      (
        await get<{ results: Array<Record<string, unknown> & { documentId: string }> }>(`/content-manager/collection-types/${uid}`, {
          params: { page: 1, pageSize: 20, sort: 'updatedAt:DESC' },
        })
      ).data.results,
  });
}

export function useSaveAutomation(documentId: string | undefined) {
  const { post, put } = useFetchClient();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: SaveAutomation.Request['body']) =>
      documentId
        ? (await put<SaveAutomation.Response>(`/whatsapp/automations/${documentId}`, input)).data
        : (await post<SaveAutomation.Response>('/whatsapp/automations', input)).data,
    onSuccess: () => client.invalidateQueries({ queryKey: automationKeys.all }),
  });
}

export function useDeleteAutomation() {
  const { del } = useFetchClient();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (documentId: string) => {
      await del<DeleteAutomation.Response>(`/whatsapp/automations/${documentId}`);
    },
    onSuccess: () => client.invalidateQueries({ queryKey: automationKeys.all }),
  });
}

export function useDryRun(documentId: string | undefined) {
  const { post } = useFetchClient();
  return useMutation({
    mutationFn: async (recordDocumentId: string) => {
      const body: DryRunAutomation.Request['body'] = { documentId: recordDocumentId };
      return (await post<DryRunAutomation.Response>(`/whatsapp/automations/${documentId}/dry-run`, body)).data.data;
    },
  });
}

import { useFetchClient } from '@strapi/strapi/admin';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CreateTemplate,
  DeleteTemplate,
  GetTemplate,
  ListTemplates,
  SubmitTemplate,
  SyncTemplates,
  TemplateAuthoringInput,
  UpdateTemplate,
  UploadHeaderSample,
} from '../../../shared/contracts/templates';
import { PLUGIN_ID } from '../pluginId';
import { inboxKeys } from './inbox';

/** The templates admin API (`/whatsapp/templates…`) as react-query hooks. */

export const templateKeys = {
  all: [PLUGIN_ID, 'templates'] as const,
  list: (query: ListTemplates.Query) => [...templateKeys.all, 'list', query] as const,
  one: (documentId: string) => [...templateKeys.all, 'one', documentId] as const,
};

/** Statuses Meta is still deciding on: worth polling until they settle. */
export const UNSETTLED = new Set(['PENDING', 'IN_APPEAL', 'PENDING_DELETION']);

export function useTemplates(query: ListTemplates.Query) {
  const { get } = useFetchClient();
  return useQuery({
    queryKey: templateKeys.list(query),
    queryFn: async () => (await get<ListTemplates.Response>('/whatsapp/templates', { params: query })).data,
    refetchInterval: (q) => (q.state.data?.data.some((t) => UNSETTLED.has(t.status)) ? 5000 : false),
  });
}

/** Approved templates for the composer's template picker (up to 100), kept with the inbox's queries. */
export function useApprovedTemplates() {
  const { get } = useFetchClient();
  const query: ListTemplates.Query = { status: 'APPROVED', pageSize: 100 };
  return useQuery({
    queryKey: inboxKeys.approvedTemplates(),
    queryFn: async () => (await get<ListTemplates.Response>('/whatsapp/templates', { params: query })).data.data,
  });
}

export function useTemplate(documentId: string | undefined) {
  const { get } = useFetchClient();
  return useQuery({
    queryKey: templateKeys.one(documentId ?? ''),
    enabled: Boolean(documentId),
    queryFn: async () => (await get<GetTemplate.Response>(`/whatsapp/templates/${documentId}`)).data.data,
    refetchInterval: (q) => (q.state.data && UNSETTLED.has(q.state.data.status) ? 3000 : false),
  });
}

export function useSyncTemplates() {
  const { post } = useFetchClient();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async () => (await post<SyncTemplates.Response>('/whatsapp/templates/sync')).data.data,
    onSettled: () => client.invalidateQueries({ queryKey: templateKeys.all }),
  });
}

export function useSubmitTemplate() {
  const { post } = useFetchClient();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (documentId: string) =>
      (await post<SubmitTemplate.Response>(`/whatsapp/templates/${documentId}/submit`)).data,
    onSettled: () => client.invalidateQueries({ queryKey: templateKeys.all }),
  });
}

/** The template form's save: a new draft (POST) or a change (PUT; an edit at Meta for a submitted one). */
export function useSaveTemplate() {
  const { post, put } = useFetchClient();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ documentId, values }: { documentId?: string; values: TemplateAuthoringInput }) =>
      documentId
        ? (await put<UpdateTemplate.Response>(`/whatsapp/templates/${documentId}`, values)).data
        : (await post<CreateTemplate.Response>('/whatsapp/templates', values)).data,
    onSuccess: (result) => client.setQueryData(templateKeys.one(result.data.documentId), result.data),
    onSettled: () => client.invalidateQueries({ queryKey: templateKeys.all }),
  });
}

/** Uploads a media-library file as a media header's sample (Meta's Resumable Upload API): its handle. */
export function useUploadHeaderSample() {
  const { post } = useFetchClient();
  return useMutation({
    mutationFn: async (body: UploadHeaderSample.Body) =>
      (await post<UploadHeaderSample.Response>('/whatsapp/templates/header-sample', body)).data.data,
  });
}

export function useDeleteTemplate() {
  const { del } = useFetchClient();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (documentId: string) => (await del<DeleteTemplate.Response>(`/whatsapp/templates/${documentId}`)).data.data,
    onSettled: () => client.invalidateQueries({ queryKey: templateKeys.all }),
  });
}

/** The message and details of a Strapi error answer (FetchError from useFetchClient). */
export function apiError(error: unknown): { message: string; status?: number; details?: any } {
  const response = (error as any)?.response;
  const body = response?.data?.error;
  if (body?.message) return { message: body.message, status: body.status ?? response?.status, details: body.details };
  return { message: (error as Error)?.message ?? String(error) };
}

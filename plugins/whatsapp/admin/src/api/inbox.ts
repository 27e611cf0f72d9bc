import { useFetchClient } from '@strapi/strapi/admin';
import { QueryClient, useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import type {
  GetStats,
  GetTimeline,
  ListConversations,
  MarkRead,
  MessageView,
  Typing,
} from '../../../shared/contracts/conversations';
import type { RetryMessage, SendMessage } from '../../../shared/contracts/messages';
import type {
  AssignConversations,
  ConversationNote,
  CreateNote,
  GetConversationStatus,
  ListAssignees,
  ListNotes,
  ListQuickReplies,
  SetConversationState,
} from '../../../shared/contracts/conversations-team';
import { PLUGIN_ID } from '../pluginId';

/**
 * The inbox admin API (`/whatsapp/conversations`, `/customers/:id/timeline`, `/stats`, the send
 * and retry routes) as react-query hooks, plus the cache edits that live events apply.
 */

export const inboxKeys = {
  all: [PLUGIN_ID, 'inbox'] as const,
  conversations: (query: ListConversations.Query) => [...inboxKeys.all, 'conversations', query] as const,
  conversationsAll: () => [...inboxKeys.all, 'conversations'] as const,
  timeline: (customerDocumentId: string, phoneNumberId?: string) =>
    [...inboxKeys.all, 'timeline', customerDocumentId, phoneNumberId ?? 'all'] as const,
  timelinesOf: (customerDocumentId: string) => [...inboxKeys.all, 'timeline', customerDocumentId] as const,
  stats: (query: GetStats.Query) => [...inboxKeys.all, 'stats', query] as const,
  approvedTemplates: () => [...inboxKeys.all, 'approved-templates'] as const,
  /** Filter options read from the content manager (tenants, numbers), by content-type uid. */
  options: (uid: string) => [...inboxKeys.all, 'options', uid] as const,
};

const PAGE_SIZE = 30;

export function useConversations(query: ListConversations.Query) {
  const { get } = useFetchClient();
  return useQuery({
    queryKey: inboxKeys.conversations(query),
    queryFn: async () => (await get<ListConversations.Response>('/whatsapp/conversations', { params: query })).data,
    placeholderData: (previous) => previous,
  });
}

export type TimelineData = InfiniteData<GetTimeline.Response, unknown>;

export function useTimeline(customerDocumentId: string | undefined, phoneNumberId?: string) {
  const { get } = useFetchClient();
  return useInfiniteQuery({
    queryKey: inboxKeys.timeline(customerDocumentId ?? '', phoneNumberId),
    enabled: Boolean(customerDocumentId),
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) => {
      const params: GetTimeline.Query = {
        limit: PAGE_SIZE,
        ...(pageParam ? { before: pageParam } : {}),
        ...(phoneNumberId ? { phoneNumberId } : {}),
      };
      return (await get<GetTimeline.Response>(`/whatsapp/customers/${customerDocumentId}/timeline`, { params })).data;
    },
    // Pages go backwards in time: the "next" page holds older messages.
    getNextPageParam: (last) => last.meta.nextCursor ?? undefined,
  });
}

/** Messages of every loaded page, oldest first (pages[0] is the newest page). */
export function messagesOf(data: TimelineData | undefined): MessageView[] {
  if (!data) return [];
  return [...data.pages].reverse().flatMap((page) => page.data.messages);
}

export function useMarkRead() {
  const { post } = useFetchClient();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: MarkRead.Body) => (await post<MarkRead.Response>('/whatsapp/conversations/read', body)).data.data,
    onSuccess: () => client.invalidateQueries({ queryKey: inboxKeys.conversationsAll() }),
  });
}

/**
 * The agent types: Meta's typing indicator for the customer (POST /whatsapp/conversations/typing).
 * The server sends it once per inbound message and only when read receipts are on; the answer
 * (sent or why not) needs no reaction here.
 */
export function useTyping() {
  const { post } = useFetchClient();
  return useMutation({
    mutationFn: async (body: Typing.Body) => (await post<Typing.Response>('/whatsapp/conversations/typing', body)).data.data,
  });
}

/** The send input of POST /whatsapp/messages: the shared send contract (envelope plus one content). */
export type SendInput = SendMessage.Request['body'];

export function useSendMessage(customerDocumentId: string) {
  const { post } = useFetchClient();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: SendInput) => (await post<SendMessage.Response>('/whatsapp/messages', input)).data.data,
    onSettled: () => client.invalidateQueries({ queryKey: inboxKeys.timelinesOf(customerDocumentId) }),
  });
}

export function useRetryMessage(customerDocumentId: string) {
  const { post } = useFetchClient();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (messageDocumentId: string) =>
      (await post<RetryMessage.Response>(`/whatsapp/messages/${messageDocumentId}/retry`, {})).data.data,
    onSettled: () => client.invalidateQueries({ queryKey: inboxKeys.timelinesOf(customerDocumentId) }),
  });
}

export function useStats(query: GetStats.Query) {
  const { get } = useFetchClient();
  return useQuery({
    queryKey: inboxKeys.stats(query),
    queryFn: async () => (await get<GetStats.Response>('/whatsapp/stats', { params: query })).data,
    placeholderData: (previous) => previous,
  });
}

/** GET /whatsapp/stats/export.csv with the page's query: the CSV text and the server's file name. */
export function useStatsCsv() {
  const { get } = useFetchClient();
  return useMutation({
    mutationFn: async (query: GetStats.Query) => {
      const res = await get<string>('/whatsapp/stats/export.csv', { params: query, responseType: 'text' } as any);
      const disposition = String((res as any).headers?.get?.('content-disposition') ?? '');
      const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? `whatsapp-stats-${query.groupBy ?? 'tenant'}.csv`;
      return { csv: res.data, filename };
    },
  });
}

/**
 * Puts a message from the live stream into every loaded timeline of its customer: replaces it
 * when present (status ticks, reactions, media), appends it to the newest page when new.
 * Returns false when no timeline of that customer is loaded (nothing to patch).
 */
export function applyMessageToTimelines(client: QueryClient, customerDocumentId: string, message: MessageView): boolean {
  let touched = false;
  const entries = client.getQueriesData<TimelineData>({ queryKey: inboxKeys.timelinesOf(customerDocumentId) });
  for (const [key, data] of entries) {
    if (!data) continue;
    const phoneNumberFilter = key[4];
    if (phoneNumberFilter !== 'all' && message.businessPhoneNumberId && phoneNumberFilter !== message.businessPhoneNumberId) continue;
    touched = true;
    let found = false;
    const pages = data.pages.map((page) => {
      const index = page.data.messages.findIndex((m) => m.documentId === message.documentId);
      if (index < 0) return page;
      found = true;
      const messages = [...page.data.messages];
      messages[index] = message;
      return { ...page, data: { ...page.data, messages } };
    });
    if (!found && message.type !== 'reaction' && pages.length) {
      const newest = pages[0];
      const messages = [...newest.data.messages, message].sort(
        (a, b) => (a.occurredAt ?? '').localeCompare(b.occurredAt ?? '') || a.id - b.id
      );
      pages[0] = { ...newest, data: { ...newest.data, messages } };
    }
    client.setQueryData<TimelineData>(key, { ...data, pages });
    refetchIfStale(client, key);
  }
  return touched;
}

/**
 * A live patch lands in the cache, but a fetch of the same timeline already under way (the one a
 * send starts when it settles) read the database before the event and would overwrite the patch
 * when it resolves. A failed send has no later status to repair that, so its bubble would stay
 * "sending". Such a fetch is replaced by a new one, which reads the state the event announced.
 */
export function refetchIfStale(client: QueryClient, key: readonly unknown[]): void {
  if (client.getQueryState(key)?.fetchStatus !== 'fetching') return;
  void client.refetchQueries({ queryKey: key, exact: true }, { cancelRefetch: true });
}

/* Conversations a team works (#16): state, assignment, notes, quick replies (contracts/conversations-team.ts). */

export const teamKeys = {
  status: (conversationKey: string) => [...inboxKeys.all, 'status', conversationKey] as const,
  statusAll: () => [...inboxKeys.all, 'status'] as const,
  assignees: (conversationKey?: string) => [...inboxKeys.all, 'assignees', conversationKey ?? 'all'] as const,
  notes: (conversationKeys: string[]) => [...inboxKeys.all, 'notes', ...[...conversationKeys].sort()] as const,
  notesAll: () => [...inboxKeys.all, 'notes'] as const,
  quickReplies: (conversationKey: string) => [...inboxKeys.all, 'quick-replies', conversationKey] as const,
};

export function useConversationStatus(conversationKey: string | null | undefined) {
  const { get } = useFetchClient();
  return useQuery({
    queryKey: teamKeys.status(conversationKey ?? ''),
    enabled: Boolean(conversationKey),
    queryFn: async () =>
      (await get<GetConversationStatus.Response>('/whatsapp/conversations/status', { params: { conversationKey } })).data.data,
  });
}

/** The users a conversation may be given to (with a key: those eligible for its tenant). */
export function useAssignees(enabled = true, conversationKey?: string) {
  const { get } = useFetchClient();
  return useQuery({
    queryKey: teamKeys.assignees(conversationKey),
    enabled,
    queryFn: async () =>
      (await get<ListAssignees.Response>('/whatsapp/conversations/assignees', conversationKey ? { params: { conversationKey } } : undefined)).data.data,
    staleTime: 60_000,
  });
}

/** After a state or assignment change: the list (order, counts, filters) and the open headers. */
function refreshTeamViews(client: QueryClient) {
  void client.invalidateQueries({ queryKey: inboxKeys.conversationsAll() });
  void client.invalidateQueries({ queryKey: teamKeys.statusAll() });
}

export function useSetConversationState() {
  const { post } = useFetchClient();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: SetConversationState.Body) =>
      (await post<SetConversationState.Response>('/whatsapp/conversations/state', body)).data.data,
    onSuccess: () => refreshTeamViews(client),
  });
}

export function useAssignConversations() {
  const { post } = useFetchClient();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: AssignConversations.Body) =>
      (await post<AssignConversations.Response>('/whatsapp/conversations/assign', body)).data.data,
    onSuccess: () => refreshTeamViews(client),
  });
}

export function useNotes(conversationKeys: string[]) {
  const { get } = useFetchClient();
  return useQuery({
    queryKey: teamKeys.notes(conversationKeys),
    enabled: conversationKeys.length > 0,
    queryFn: async () =>
      (await get<ListNotes.Response>('/whatsapp/conversations/notes', { params: { conversationKey: conversationKeys } })).data.data,
  });
}

export function useCreateNote() {
  const { post } = useFetchClient();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: CreateNote.Body) => (await post<CreateNote.Response>('/whatsapp/conversations/notes', body)).data.data,
    onSuccess: (note) => addNoteToCaches(client, note),
  });
}

/** Puts a note (just written, or from the live stream) into every loaded notes list of its conversation. */
export function addNoteToCaches(client: QueryClient, note: ConversationNote) {
  for (const [key, data] of client.getQueriesData<ConversationNote[]>({ queryKey: teamKeys.notesAll() })) {
    if (!data || !key.slice(3).includes(note.conversationKey)) continue;
    if (data.some((n) => n.documentId === note.documentId)) continue;
    client.setQueryData<ConversationNote[]>(key, [...data, note]);
  }
}

export function useQuickReplies(conversationKey: string | null | undefined, enabled: boolean) {
  const { get } = useFetchClient();
  return useQuery({
    queryKey: teamKeys.quickReplies(conversationKey ?? ''),
    enabled: Boolean(conversationKey) && enabled,
    queryFn: async () =>
      (await get<ListQuickReplies.Response>('/whatsapp/quick-replies', { params: { conversationKey } })).data.data,
    staleTime: 30_000,
  });
}

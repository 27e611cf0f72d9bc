import { useFetchClient } from '@strapi/strapi/admin';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ListSenders, SearchContacts, StartConversation } from '../../../shared/contracts/conversations-new';
import { PLUGIN_ID } from '../pluginId';
import { inboxKeys } from './inbox';

/** "New conversation" (POST /whatsapp/conversations and the dialog's two lists) as react-query hooks. */
export const newConversationKeys = {
  all: [PLUGIN_ID, 'new-conversation'] as const,
  senders: () => [...newConversationKeys.all, 'senders'] as const,
  contacts: (phoneNumberId: string, search: string) => [...newConversationKeys.all, 'contacts', phoneNumberId, search] as const,
};

export function useSenders(enabled = true) {
  const { get } = useFetchClient();
  return useQuery({
    queryKey: newConversationKeys.senders(),
    enabled,
    queryFn: async () => (await get<ListSenders.Response>('/whatsapp/conversations/senders')).data.data,
    staleTime: 60_000,
  });
}

export function useContacts(phoneNumberId: string | undefined, search: string) {
  const { get } = useFetchClient();
  return useQuery({
    queryKey: newConversationKeys.contacts(phoneNumberId ?? '', search),
    enabled: Boolean(phoneNumberId),
    queryFn: async () =>
      (
        await get<SearchContacts.Response>('/whatsapp/conversations/contacts', {
          params: { phoneNumberId, ...(search ? { search } : {}) } satisfies Partial<SearchContacts.Query>,
        })
      ).data.data,
    placeholderData: (previous) => previous,
  });
}

export function useStartConversation() {
  const { post } = useFetchClient();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: StartConversation.Body) => (await post<StartConversation.Response>('/whatsapp/conversations', body)).data.data,
    onSuccess: (data) => {
      void client.invalidateQueries({ queryKey: inboxKeys.timelinesOf(data.customer.documentId) });
      void client.invalidateQueries({ queryKey: [...newConversationKeys.all, 'contacts'] });
    },
  });
}

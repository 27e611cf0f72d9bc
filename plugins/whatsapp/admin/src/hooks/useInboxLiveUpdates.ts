import { useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { WINDOW_HOURS, type StreamMessageEvent, type TimelineWindow } from '../../../shared/contracts/conversations';
import type { StreamConversationNote, StreamConversationUpdated } from '../../../shared/contracts/conversations-team';
import { addNoteToCaches, applyMessageToTimelines, inboxKeys, refetchIfStale, teamKeys, type TimelineData } from '../api/inbox';
import { useLiveEvents, type LiveState } from './useLiveEvents';

/**
 * Keeps the inbox caches current from the live stream: messages are patched into loaded
 * timelines at once (status ticks, new bubbles, reactions, the window a new inbound message
 * opens); the conversation list refetches, batched, because its order and counts change.
 */
export function useInboxLiveUpdates(): LiveState {
  const client = useQueryClient();
  const listTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const refreshList = () => {
    if (listTimer.current) return;
    listTimer.current = setTimeout(() => {
      listTimer.current = null;
      void client.invalidateQueries({ queryKey: inboxKeys.conversationsAll() });
    }, 300);
  };

  return useLiveEvents((name, data) => {
    if (name === 'reset') {
      void client.invalidateQueries({ queryKey: inboxKeys.all });
      return;
    }
    if (name === 'conversation.read') {
      refreshList();
      return;
    }
    // Another agent (or the customer, reopening) changed a state or an assignee: the headers take
    // the new status at once; the list refetches, as its tabs, counts and filters change.
    if (name === 'conversation.updated') {
      for (const status of (data as StreamConversationUpdated).conversations) client.setQueryData(teamKeys.status(status.conversationKey), status);
      refreshList();
      return;
    }
    if (name === 'conversation.note') {
      addNoteToCaches(client, (data as StreamConversationNote).note);
      return;
    }
    const event = data as StreamMessageEvent;
    refreshList();
    if (!event.customerDocumentId) return;
    const { message } = event;
    // A reaction shows on its target, which the server assembles: refetch that customer's timeline.
    if (message.type === 'reaction') {
      void client.invalidateQueries({ queryKey: inboxKeys.timelinesOf(event.customerDocumentId) });
      return;
    }
    applyMessageToTimelines(client, event.customerDocumentId, message);
    if (name === 'message.created' && message.direction === 'inbound' && message.type !== 'system' && message.occurredAt && message.businessPhoneNumberId) {
      openWindow(event.customerDocumentId, message.businessPhoneNumberId, message.conversationKey, message.occurredAt);
    }
  });

  function openWindow(customerDocumentId: string, phoneNumberId: string, conversationKey: string | null, at: string) {
    const until = new Date(new Date(at).getTime() + WINDOW_HOURS * 3600_000).toISOString();
    for (const [key, data] of client.getQueriesData<TimelineData>({ queryKey: inboxKeys.timelinesOf(customerDocumentId) })) {
      if (!data?.pages.length) continue;
      const [newest, ...rest] = data.pages;
      const others = newest.data.windows.filter((w) => w.phoneNumberId !== phoneNumberId);
      const previous = newest.data.windows.find((w) => w.phoneNumberId === phoneNumberId);
      const window: TimelineWindow = {
        phoneNumberId,
        displayPhoneNumber: previous?.displayPhoneNumber ?? null,
        conversationKey: conversationKey ?? previous?.conversationKey ?? `${phoneNumberId}:`,
        lastInboundAt: at,
        windowOpenUntil: until,
        open: true,
      };
      client.setQueryData<TimelineData>(key, {
        ...data,
        pages: [{ ...newest, data: { ...newest.data, windows: [window, ...others] } }, ...rest],
      });
      refetchIfStale(client, key);
    }
  }
}

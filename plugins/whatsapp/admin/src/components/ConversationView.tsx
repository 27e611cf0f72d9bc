import { Box, Flex, Typography } from '@strapi/design-system';
import { useAPIErrorHandler, useNotification, useRBAC } from '@strapi/strapi/admin';
import { useEffect, useRef, useState } from 'react';
import type { MessageView } from '../../../shared/contracts/conversations';
import { messagesOf, useMarkRead, useNotes, useRetryMessage, useSendMessage, useTimeline } from '../api/inbox';
import { PERMISSIONS } from '../constants';
import { useT } from '../hooks/use-t';
import { Composer } from './Composer/Composer';
import { ComposerModeTabs, type ComposerMode } from './Conversation/ComposerModeTabs';
import { NoteComposer } from './Conversation/NoteComposer';
import { Timeline } from './Timeline/Timeline';

/**
 * A customer's conversation: the timeline and the composer, shared by the customer's comms tab
 * and the inbox. While it is on screen (and the browser tab is visible), what arrives is marked
 * read, which also sends WhatsApp read receipts when the server is configured to.
 */
export const ConversationView = ({
  customerDocumentId,
  phoneNumberId,
  height,
}: {
  customerDocumentId: string;
  phoneNumberId?: string;
  height?: string;
}) => {
  const t = useT();
  const { toggleNotification } = useNotification();
  const { formatAPIError } = useAPIErrorHandler();
  const { allowedActions } = useRBAC(PERMISSIONS.messagesSend);
  const canSend = Boolean((allowedActions as Record<string, boolean>).canMessagesSend);
  const notesRbac = useRBAC(PERMISSIONS.conversationNotesWrite);
  const canWriteNotes = Boolean((notesRbac.allowedActions as Record<string, boolean>).canConversationNotesWrite);
  const [mode, setMode] = useState<ComposerMode>('reply');
  const timeline = useTimeline(customerDocumentId, phoneNumberId);
  const messages = messagesOf(timeline.data);
  const newest = timeline.data?.pages[0]?.data;
  const [replyTo, setReplyTo] = useState<MessageView | null>(null);
  const [retryingId, setRetryingId] = useState<string | null>(null);
  const retry = useRetryMessage(customerDocumentId);
  const react = useSendMessage(customerDocumentId);
  const markRead = useMarkRead();
  // The conversations on screen (one business number in the inbox, all of them in the comms tab) and their notes.
  const conversationKeys = (newest?.windows ?? []).filter((w) => !phoneNumberId || w.phoneNumberId === phoneNumberId).map((w) => w.conversationKey);
  const notes = useNotes(conversationKeys);
  const noteKey = conversationKeys[0];

  // Mark read when something new from the customer is on screen.
  const newestInboundId = messages.reduce((max, m) => (m.direction === 'inbound' && m.id > max ? m.id : max), 0);
  const marked = useRef(0);
  const unread = newest?.unread ?? 0;
  useEffect(() => {
    const mark = () => {
      if (document.visibilityState !== 'visible' || markRead.isPending) return;
      if (!(unread > 0 || newestInboundId > marked.current)) return;
      marked.current = newestInboundId;
      markRead.mutate(
        phoneNumberId && newest?.windows.length
          ? { conversationKey: newest.windows.find((w) => w.phoneNumberId === phoneNumberId)?.conversationKey ?? '' }
          : { customerDocumentId }
      );
    };
    if (!newest) return;
    mark();
    document.addEventListener('visibilitychange', mark);
    return () => document.removeEventListener('visibilitychange', mark);
  }, [newestInboundId, unread, newest, customerDocumentId, phoneNumberId]); // eslint-disable-line react-hooks/exhaustive-deps

  const onRetry = async (message: MessageView) => {
    setRetryingId(message.documentId);
    try {
      await retry.mutateAsync(message.documentId);
    } catch (error) {
      toggleNotification({ type: 'danger', message: formatAPIError(error as any) });
    } finally {
      setRetryingId(null);
    }
  };

  const onReact = async (message: MessageView, emoji: string) => {
    try {
      await react.mutateAsync({
        customer: customerDocumentId,
        ...(message.businessPhoneNumberId ? { from: message.businessPhoneNumberId } : {}),
        type: 'reaction',
        reaction: { message: message.documentId, emoji },
      });
    } catch (error) {
      toggleNotification({ type: 'danger', message: formatAPIError(error as any) });
    }
  };

  if (timeline.isError) {
    return (
      <Box padding={4} background="danger100" hasRadius>
        <Typography textColor="danger700">{formatAPIError(timeline.error as any) || t('inbox.timeline.error', 'The conversation could not be loaded.')}</Typography>
      </Box>
    );
  }

  return (
    <Flex direction="column" alignItems="stretch" gap={0}>
      <Timeline
        messages={messages}
        loading={timeline.isLoading}
        hasOlder={Boolean(timeline.hasNextPage)}
        loadingOlder={timeline.isFetchingNextPage}
        onLoadOlder={() => void timeline.fetchNextPage()}
        onReply={canSend ? setReplyTo : undefined}
        onReact={canSend ? onReact : undefined}
        onRetry={canSend ? onRetry : undefined}
        retryingId={retryingId}
        height={height}
        notes={notes.data ?? []}
      />
      {newest && canWriteNotes && noteKey && <ComposerModeTabs mode={mode} onChange={setMode} />}
      {newest && mode === 'note' && canWriteNotes && noteKey ? (
        <NoteComposer conversationKey={noteKey} />
      ) : newest && (
        <Composer
          customer={newest.customer}
          windows={newest.windows}
          phoneNumberId={phoneNumberId}
          replyTo={replyTo}
          onClearReply={() => setReplyTo(null)}
          canSend={canSend}
        />
      )}
    </Flex>
  );
};

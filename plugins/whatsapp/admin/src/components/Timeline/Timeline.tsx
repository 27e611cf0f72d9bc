import { Box, Flex, Loader, Typography } from '@strapi/design-system';
import { useLayoutEffect, useRef } from 'react';
import { styled } from 'styled-components';
import type { MessageView } from '../../../../shared/contracts/conversations';
import type { ConversationNote } from '../../../../shared/contracts/conversations-team';
import { useT } from '../../hooks/use-t';
import { useFormatDate } from '../../utils/format-date';
import { MessageBubble } from './MessageBubble';
import { NoteBubble } from './NoteBubble';

/**
 * The conversation, newest at the bottom. Scrolling near the top loads older messages and keeps
 * the view where it was; a new message scrolls into view only when the reader is already at the
 * bottom (someone reading history is not yanked away).
 */

const Scroller = styled.div<{ $height: string }>`
  height: ${({ $height }) => $height};
  overflow-y: auto;
  background: #efeae2;
  border-radius: 4px;
  padding: 8px 0 16px;
`;

const DayChip = styled.div`
  align-self: center;
  margin: 8px auto;
  padding: 4px 10px;
  border-radius: 8px;
  background: #ffffff;
  color: #54656f;
  font-size: 12px;
  box-shadow: 0 1px 0.5px rgba(11, 20, 26, 0.13);
  width: fit-content;
`;

const NEAR_TOP_PX = 80;
const NEAR_BOTTOM_PX = 120;

export interface TimelineProps {
  messages: MessageView[];
  loading: boolean;
  hasOlder: boolean;
  loadingOlder: boolean;
  onLoadOlder: () => void;
  onReply?: (message: MessageView) => void;
  onReact?: (message: MessageView, emoji: string) => void;
  onRetry?: (message: MessageView) => void;
  retryingId?: string | null;
  height?: string;
  /** The team's internal notes, shown among the messages by time (never sent). */
  notes?: ConversationNote[];
}

type Item = { kind: 'message'; at: string; id: string; message: MessageView } | { kind: 'note'; at: string; id: string; note: ConversationNote };

/**
 * Messages and notes in one order. Notes older than the oldest loaded message wait until that
 * history is loaded, so scrolling up never shows a note ahead of the messages around it.
 */
function merge(messages: MessageView[], notes: ConversationNote[], hasOlder: boolean): Item[] {
  const items: Item[] = messages.map((message) => ({ kind: 'message', at: message.occurredAt ?? '', id: message.documentId, message }));
  const oldest = messages[0]?.occurredAt ?? '';
  for (const note of notes) {
    if (hasOlder && oldest && note.createdAt < oldest) continue;
    items.push({ kind: 'note', at: note.createdAt, id: `note-${note.documentId}`, note });
  }
  // A stable sort keeps the messages' own order (the server's) among equal times.
  return notes.length ? items.sort((a, b) => (a.at && b.at ? a.at.localeCompare(b.at) : 0)) : items;
}

export const Timeline = ({ messages, loading, hasOlder, loadingOlder, onLoadOlder, onReply, onReact, onRetry, retryingId, height = '60vh', notes = [] }: TimelineProps) => {
  const t = useT();
  const dates = useFormatDate();
  const scroller = useRef<HTMLDivElement>(null);
  const previous = useRef<{ first?: string; last?: string; height: number; atBottom: boolean }>({ height: 0, atBottom: true });
  const items = merge(messages, notes, hasOlder);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const first = items[0]?.id;
    const last = items[items.length - 1]?.id;
    const before = previous.current;
    if (before.first && first !== before.first && last === before.last) {
      // Older messages were prepended: keep the same message under the reader's eyes.
      el.scrollTop += el.scrollHeight - before.height;
    } else if (last !== before.last && (before.atBottom || !before.last)) {
      el.scrollTop = el.scrollHeight;
    }
    previous.current = { first, last, height: el.scrollHeight, atBottom: before.atBottom };
  }, [messages, notes]); // eslint-disable-line react-hooks/exhaustive-deps

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    previous.current.atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
    previous.current.height = el.scrollHeight;
    if (el.scrollTop < NEAR_TOP_PX && hasOlder && !loadingOlder) onLoadOlder();
  };

  let lastDay = '';
  return (
    <Scroller ref={scroller} onScroll={onScroll} $height={height} role="log" aria-live="polite" aria-label={t('inbox.timeline.label', 'WhatsApp conversation')} data-testid="wa-timeline">
      {loading && (
        <Flex justifyContent="center" padding={4}>
          <Loader small>{t('inbox.loading', 'Loading messages…')}</Loader>
        </Flex>
      )}
      {!loading && hasOlder && (
        <Flex justifyContent="center" padding={2}>
          {loadingOlder ? (
            <Loader small>{t('inbox.loadingOlder', 'Loading older messages…')}</Loader>
          ) : (
            <button type="button" onClick={onLoadOlder} style={{ border: 'none', background: 'transparent', cursor: 'pointer', color: '#54656f' }}>
              {t('inbox.loadOlder', 'Load older messages')}
            </button>
          )}
        </Flex>
      )}
      {!loading && messages.length === 0 && (
        <Box padding={6}>
          <Typography textColor="neutral600" textAlign="center" display="block">
            {t('inbox.timeline.empty', 'No WhatsApp messages with this customer yet.')}
          </Typography>
        </Box>
      )}
      {items.map((item) => {
        const day = item.at ? item.at.slice(0, 10) : '';
        const separator = day && day !== lastDay ? <DayChip>{dates.day(new Date(item.at))}</DayChip> : null;
        lastDay = day || lastDay;
        return (
          <div key={item.id}>
            {separator}
            {item.kind === 'note' ? (
              <NoteBubble note={item.note} />
            ) : (
              <MessageBubble message={item.message} onReply={onReply} onReact={onReact} onRetry={onRetry} retrying={retryingId === item.message.documentId} />
            )}
          </div>
        );
      })}
    </Scroller>
  );
};

import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { useState } from 'react';
import { useIntl } from 'react-intl';
import { styled } from 'styled-components';
import type { MessageView } from '../../../../shared/contracts/conversations';
import { useT } from '../../hooks/use-t';
import { useFormatDate } from '../../utils/format-date';
import { getTranslation } from '../../utils/getTranslation';
import { MessageContent } from './MessageContent';
import { StatusTicks } from './StatusTicks';

/** One message: quote, content, reactions, then time, number, author or rule, ticks, and errors. */

export const QUICK_REACTIONS = ['👍', '❤️', '😂', '😮', '😢', '🙏'];

const Row = styled.div<{ $out: boolean }>`
  display: flex;
  justify-content: ${({ $out }) => ($out ? 'flex-end' : 'flex-start')};
  padding: 2px 12px;
  &:hover .wa-actions,
  &:focus-within .wa-actions {
    opacity: 1;
  }
`;

const Bubble = styled.div<{ $out: boolean; $failed: boolean }>`
  position: relative;
  max-width: min(75%, 520px);
  padding: 6px 8px 4px;
  border-radius: 8px;
  background: ${({ $out }) => ($out ? '#d9fdd3' : '#ffffff')};
  color: #111b21;
  box-shadow: 0 1px 0.5px rgba(11, 20, 26, 0.13);
  border: ${({ $failed, theme }) => ($failed ? `1px solid ${theme.colors.danger500}` : '1px solid transparent')};
  font-size: 14px;
  line-height: 19px;
`;

const Quote = styled.div`
  border-left: 4px solid #06cf9c;
  background: rgba(11, 20, 26, 0.05);
  border-radius: 4px;
  padding: 4px 8px;
  margin-bottom: 4px;
  font-size: 13px;
`;

const Meta = styled.div`
  display: flex;
  flex-wrap: wrap;
  justify-content: flex-end;
  align-items: center;
  gap: 6px;
  margin-top: 2px;
  font-size: 11px;
  color: #667781;
`;

const Reactions = styled.div`
  position: absolute;
  bottom: -14px;
  right: 8px;
  background: #ffffff;
  border-radius: 12px;
  padding: 0 6px;
  box-shadow: 0 1px 2px rgba(11, 20, 26, 0.2);
  font-size: 14px;
`;

// Transparent rather than hidden until the message is hovered or one of its buttons has focus:
// a hidden (visibility or display) button cannot be reached with Tab, and a keyboard user could
// never reply or react.
const Actions = styled.div`
  opacity: 0;
  display: flex;
  align-items: center;
  gap: 2px;
  padding: 0 4px;
  button {
    border: none;
    background: transparent;
    cursor: pointer;
    font-size: 14px;
    padding: 2px 4px;
    border-radius: 4px;
  }
  button:hover,
  button:focus-visible {
    background: rgba(11, 20, 26, 0.08);
  }
  button:focus-visible {
    outline: 2px solid ${({ theme }) => theme.colors.primary600};
    outline-offset: 1px;
  }
`;

export interface MessageBubbleProps {
  message: MessageView;
  onReply?: (message: MessageView) => void;
  onReact?: (message: MessageView, emoji: string) => void;
  onRetry?: (message: MessageView) => void;
  retrying?: boolean;
}

export const MessageBubble = ({ message, onReply, onReact, onRetry, retrying }: MessageBubbleProps) => {
  const t = useT();
  const intl = useIntl();
  const dates = useFormatDate();
  // The server's explanation is English; a translated one exists for the common codes. The
  // server's text is shown as is (not as an ICU message: it may contain braces or quotes).
  const explain = (error: NonNullable<MessageView['error']>) =>
    error.code !== null && intl.messages[getTranslation(`inbox.errors.${error.code}`)]
      ? t(`inbox.errors.${error.code}`, error.explanation)
      : error.explanation;
  const [picking, setPicking] = useState(false);
  const out = message.direction === 'outbound';
  const failed = message.status === 'failed';
  const at = message.occurredAt ? new Date(message.occurredAt) : null;
  const canAct = Boolean(message.wamid) && !failed;

  const actions = (
    <Actions className="wa-actions">
      {onReply && canAct && (
        <button type="button" onClick={() => onReply(message)} aria-label={t('inbox.actions.reply', 'Reply')} title={t('inbox.actions.reply', 'Reply')}>
          ↩
        </button>
      )}
      {onReact && canAct && (
        <button type="button" onClick={() => setPicking((v) => !v)} aria-label={t('inbox.actions.react', 'React')} title={t('inbox.actions.react', 'React')} aria-expanded={picking}>
          ☺
        </button>
      )}
      {picking &&
        QUICK_REACTIONS.map((emoji) => (
          <button
            key={emoji}
            type="button"
            aria-label={t('inbox.actions.reactWith', 'React with {emoji}', { emoji })}
            onClick={() => {
              setPicking(false);
              onReact?.(message, emoji);
            }}
          >
            {emoji}
          </button>
        ))}
      {picking && message.reactions.some((r) => r.from === 'business') && (
        <button type="button" onClick={() => { setPicking(false); onReact?.(message, ''); }}>
          {t('inbox.actions.removeReaction', 'Remove')}
        </button>
      )}
    </Actions>
  );

  return (
    <Row $out={out} style={{ marginBottom: message.reactions.length ? 14 : 0 }} data-testid="wa-message" data-direction={message.direction} data-status={message.status} data-document-id={message.documentId}>
      {out && actions}
      <Bubble $out={out} $failed={failed}>
        {message.forwarded && (
          <Typography variant="pi" textColor="neutral600" style={{ fontStyle: "italic" }}>
            {t('inbox.forwarded', 'Forwarded')}
          </Typography>
        )}
        {message.replyTo && (
          <Quote>
            <Typography variant="pi" fontWeight="semiBold" textColor="success700">
              {message.replyTo.direction === 'outbound' ? t('inbox.quote.you', 'You') : t('inbox.quote.customer', 'Customer')}
            </Typography>
            <Typography variant="pi" display="block" ellipsis>
              {message.replyTo.preview ?? (message.replyTo.type ? t(`inbox.type.${message.replyTo.type}`, message.replyTo.type) : t('inbox.quote.unknown', 'A message not in this log'))}
            </Typography>
          </Quote>
        )}
        <MessageContent message={message} />
        {message.automation && (
          <Box paddingTop={1}>
            <Typography variant="pi" textColor="neutral600">
              ⚙ {t('inbox.automation', 'Sent by rule “{rule}” for {source}', {
                rule: message.automation.name ?? '—',
                source: message.automation.sourceUid
                  ? `${message.automation.sourceUid.split('.').pop()} ${message.automation.sourceDocumentId ?? ''}`.trim()
                  : '—',
              })}
            </Typography>
          </Box>
        )}
        {failed && message.error && (
          <Box paddingTop={2} role="alert">
            <Typography variant="pi" textColor="danger600" fontWeight="semiBold" display="block">
              {explain(message.error)}
            </Typography>
            {(message.error.title || message.error.code) && (
              <Typography variant="pi" textColor="neutral600" display="block">
                {[message.error.code ? `#${message.error.code}` : null, message.error.title].filter(Boolean).join(' · ')}
              </Typography>
            )}
            {message.retryable && onRetry && (
              <Box paddingTop={1}>
                <Button size="S" variant="danger-light" onClick={() => onRetry(message)} loading={retrying}>
                  {t('inbox.actions.retry', 'Retry')}
                </Button>
              </Box>
            )}
          </Box>
        )}
        <Meta>
          {message.businessDisplayPhoneNumber && <span title={t('inbox.meta.number', 'Business number')}>{message.businessDisplayPhoneNumber}</span>}
          {out && message.author?.name && <span>· {message.author.name}</span>}
          {at && (
            <time dateTime={message.occurredAt ?? undefined} title={dates.full(at)}>
              {dates.clock(at)}
            </time>
          )}
          {out && <StatusTicks status={message.status} />}
        </Meta>
        {message.reactions.length > 0 && (
          <Reactions aria-label={t('inbox.reactions', 'Reactions')} data-testid="wa-reactions">
            {message.reactions.map((r) => (
              <span key={r.from} title={r.from === 'business' ? t('inbox.quote.you', 'You') : t('inbox.quote.customer', 'Customer')}>
                {r.emoji}
              </span>
            ))}
          </Reactions>
        )}
      </Bubble>
      {!out && actions}
    </Row>
  );
};

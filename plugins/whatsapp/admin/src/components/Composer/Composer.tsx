import { Box, Button, Flex, SingleSelect, SingleSelectOption, Textarea, Typography } from '@strapi/design-system';
import { Paperclip } from '@strapi/icons';
import { useAPIErrorHandler } from '@strapi/strapi/admin';
import { useEffect, useRef, useState } from 'react';
import { styled } from 'styled-components';
import type { ConversationWindow, CustomerSummary, MessageView } from '../../../../shared/contracts/conversations';
import type { MessageContent } from '../../../../shared/contracts/messages';
import { useSendMessage, useTyping } from '../../api/inbox';
import { useDraft } from '../../hooks/useDraft';
import { useNow } from '../../hooks/useNow';
import { useT } from '../../hooks/use-t';
import { MediaPicker, messageTypeOf, type PickedFile } from './MediaPicker';
import { TemplatePicker } from './TemplatePicker';
import { QuickReplyMenu, useQuickReplyMatches } from './QuickReplyMenu';

/**
 * Writing to a customer. Inside the 24-hour window: free text (Enter sends, Shift+Enter adds a
 * line), a file from the media library, a reply to a chosen message. Outside it WhatsApp only
 * delivers approved templates, so the text box gives way to the template picker. A failed send
 * shows the server's message inline and keeps what was typed.
 */

const Chip = styled(Flex)`
  background: ${({ theme }) => theme.colors.neutral100};
  border-left: 4px solid #06cf9c;
  border-radius: 4px;
  padding: 4px 8px;
`;

export interface ComposerProps {
  customer: CustomerSummary;
  windows: ConversationWindow[];
  /** The business number to write from (inbox: the conversation's); else the customer's latest window. */
  phoneNumberId?: string;
  replyTo: MessageView | null;
  onClearReply: () => void;
  canSend: boolean;
}

/** What the composer writes: one content, maybe quoting a message; the customer and number are added on send. */
type ComposedMessage = MessageContent & { replyTo?: string };

/** A media message of the picked file's type, e.g. `{ type: 'image', image: { file, caption } }`. */
const mediaContent = (type: ReturnType<typeof messageTypeOf>, media: { file: number; caption?: string }) =>
  ({ type, [type]: media }) as MessageContent;

export function formatLeft(ms: number, t: ReturnType<typeof useT>): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const hours = Math.floor(minutes / 60);
  return hours > 0
    ? t('inbox.window.leftHours', '{hours} h {minutes} min left', { hours, minutes: minutes % 60 })
    : t('inbox.window.leftMinutes', '{minutes} min left', { minutes });
}

export const Composer = ({ customer, windows, phoneNumberId, replyTo, onClearReply, canSend }: ComposerProps) => {
  const t = useT();
  const now = useNow();
  const { formatAPIError } = useAPIErrorHandler();
  const [chosenNumber, setChosenNumber] = useState<string | undefined>(phoneNumberId);
  const from = phoneNumberId ?? chosenNumber ?? windows[0]?.phoneNumberId;
  const window = windows.find((w) => w.phoneNumberId === from);
  const openUntil = window?.windowOpenUntil ? new Date(window.windowOpenUntil).getTime() : 0;
  const open = openUntil > now;
  const [text, setText, clearText] = useDraft(`${customer.documentId}:${from ?? 'default'}`);
  const [file, setFile] = useState<PickedFile | null>(null);
  const [picking, setPicking] = useState(false);
  const [useTemplate, setUseTemplate] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // "Use a template" and "Write a free-text message instead" replace the control that had the
  // focus: the focus moves to what took its place (the template select, the message box) instead
  // of falling back to the page, where a keyboard user would have to find their way back.
  const switchedTo = useRef<'template' | 'text' | null>(null);
  const templateArea = useRef<HTMLDivElement>(null);
  const textArea = useRef<HTMLDivElement>(null);
  const switchMode = (template: boolean) => {
    switchedTo.current = template ? 'template' : 'text';
    setUseTemplate(template);
  };
  useEffect(() => {
    const target = switchedTo.current;
    switchedTo.current = null;
    if (target === 'template') templateArea.current?.querySelector<HTMLElement>('[role="combobox"]')?.focus();
    if (target === 'text') textArea.current?.querySelector<HTMLElement>('textarea')?.focus();
  }, [useTemplate]);
  const send = useSendMessage(customer.documentId);
  // "typing…" for the customer while the agent writes (docs/inbox.md#typing-indicator): asked at
  // most every 20 s per conversation; the server sends it once per inbound message, if switched on.
  const typing = useTyping();
  const typedAt = useRef<{ key?: string; at: number }>({ at: 0 });
  const onTyping = (value: string) => {
    const key = window?.conversationKey;
    if (!key || !value.trim() || customer.blockedAt) return;
    if (typedAt.current.key === key && Date.now() - typedAt.current.at < 20_000) return;
    typedAt.current = { key, at: Date.now() };
    typing.mutate({ conversationKey: key });
  };
  // `/` in the message box offers the conversation's quick replies (QuickReplyMenu).
  const quick = useQuickReplyMatches(text, window?.conversationKey, open && canSend && !file);

  const submit = async (input: ComposedMessage, onSent?: () => void) => {
    setError(null);
    try {
      await send.mutateAsync({ customer: customer.documentId, ...(from ? { from } : {}), ...input });
      onSent?.();
    } catch (err) {
      setError(formatAPIError(err as any));
    }
  };

  const sendFree = () => {
    const body = text.trim();
    const replyPart = replyTo ? { replyTo: replyTo.documentId } : {};
    if (file) {
      const type = messageTypeOf(file.mime);
      const withCaption = type === 'image' || type === 'video' || type === 'document';
      return submit({ ...mediaContent(type, { file: file.id, ...(withCaption && body ? { caption: body } : {}) }), ...replyPart }, () => {
        setFile(null);
        clearText();
        onClearReply();
      });
    }
    if (!body) return;
    return submit({ type: 'text', text: { body }, ...replyPart }, () => {
      clearText();
      onClearReply();
    });
  };

  if (!canSend) {
    return (
      <Box paddingTop={2}>
        <Typography variant="pi" textColor="neutral600">
          {t('inbox.composer.noPermission', 'You can read this conversation but not send messages.')}
        </Typography>
      </Box>
    );
  }

  return (
    <Flex direction="column" alignItems="stretch" gap={2} paddingTop={3} data-testid="wa-composer">
      <Flex gap={2} alignItems="center" wrap="wrap">
        {!phoneNumberId && windows.length > 1 && (
          <Box minWidth="220px">
            <SingleSelect
              size="S"
              aria-label={t('inbox.composer.from', 'Send from')}
              value={from}
              onChange={(value: string | number) => setChosenNumber(String(value))}
            >
              {windows.map((w) => (
                <SingleSelectOption key={w.phoneNumberId} value={w.phoneNumberId}>
                  {w.displayPhoneNumber ?? w.phoneNumberId}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Box>
        )}
        <Typography variant="pi" textColor={open ? 'success600' : 'warning600'} data-testid="wa-window-state" data-open={open}>
          {open
            ? `${t('inbox.window.open', '24-hour window open')} · ${formatLeft(openUntil - now, t)}`
            : window
              ? t('inbox.window.closed', 'The 24-hour window is closed: WhatsApp only delivers approved templates now.')
              : t('inbox.window.never', 'This customer has not written yet: start with an approved template.')}
        </Typography>
      </Flex>

      {customer.blockedAt && (
        <Typography variant="pi" textColor="danger600" data-testid="wa-composer-blocked">
          {t('inbox.composer.blocked', 'This customer is blocked on WhatsApp: unblock them to send messages.')}
        </Typography>
      )}

      {customer.optedOut && (
        <Typography variant="pi" textColor="danger600">
          {t('inbox.composer.optedOut', 'This customer opted out of WhatsApp messages.')}
        </Typography>
      )}

      {replyTo && (
        <Chip justifyContent="space-between" gap={2}>
          <Typography variant="pi" ellipsis>
            {t('inbox.composer.replyingTo', 'Replying to: {preview}', { preview: replyTo.body ?? replyTo.caption ?? t(`inbox.type.${replyTo.type}`, replyTo.type) })}
          </Typography>
          <button type="button" onClick={onClearReply} aria-label={t('inbox.composer.cancelReply', 'Cancel reply')} style={{ border: 'none', background: 'transparent', cursor: 'pointer' }}>
            ✕
          </button>
        </Chip>
      )}

      {customer.blockedAt ? null : open && !useTemplate ? (
        <>
          {file && (
            <Chip justifyContent="space-between" gap={2}>
              <Typography variant="pi" ellipsis>
                <Paperclip aria-hidden /> {file.name}
              </Typography>
              <button type="button" onClick={() => setFile(null)} aria-label={t('inbox.composer.removeFile', 'Remove file')} style={{ border: 'none', background: 'transparent', cursor: 'pointer' }}>
                ✕
              </button>
            </Chip>
          )}
          <div ref={textArea}>
            <Textarea
              name="whatsapp-message"
              aria-label={file ? t('inbox.composer.caption', 'Caption') : t('inbox.composer.message', 'Message')}
              placeholder={file ? t('inbox.composer.captionPlaceholder', 'Add a caption (optional)') : t('inbox.composer.placeholder', 'Type a message')}
              value={text}
              onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => {
                setText(e.target.value);
                onTyping(e.target.value);
              }}
              onKeyDown={(e: React.KeyboardEvent<HTMLTextAreaElement>) => {
                if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
                  e.preventDefault();
                  if (quick.first) setText(quick.first.text);
                  else void sendFree();
                }
              }}
            />
          </div>
          <QuickReplyMenu active={quick.active} loading={quick.loading} matches={quick.matches} onPick={(reply) => setText(reply.text)} />
          <Flex gap={2} justifyContent="space-between" wrap="wrap">
            <Flex gap={2} wrap="wrap">
              <Button variant="tertiary" size="S" startIcon={<Paperclip />} onClick={() => setPicking(true)}>
                {t('inbox.composer.attach', 'Attach a file')}
              </Button>
              <Button variant="ghost" size="S" onClick={() => switchMode(true)}>
                {t('inbox.composer.useTemplate', 'Use a template')}
              </Button>
            </Flex>
            <Button onClick={() => void sendFree()} loading={send.isPending} disabled={!text.trim() && !file}>
              {t('inbox.composer.send', 'Send')}
            </Button>
          </Flex>
        </>
      ) : (
        <>
          <div ref={templateArea}>
            <TemplatePicker
              customer={customer}
              sending={send.isPending}
              onSend={(template) => submit({ type: 'template', template, ...(replyTo ? { replyTo: replyTo.documentId } : {}) }, onClearReply)}
            />
          </div>
          {open && (
            <Button variant="ghost" size="S" onClick={() => switchMode(false)}>
              {t('inbox.composer.backToText', 'Write a free-text message instead')}
            </Button>
          )}
        </>
      )}

      {error && (
        <Box background="danger100" padding={2} hasRadius role="alert" data-testid="wa-composer-error">
          <Typography variant="pi" textColor="danger700">
            {error}
          </Typography>
        </Box>
      )}
      {picking && <MediaPicker onClose={() => setPicking(false)} onPick={setFile} />}
    </Flex>
  );
};

import { Box, Typography } from '@strapi/design-system';
import { styled } from 'styled-components';
import type { QuickReply } from '../../../../shared/contracts/conversations-team';
import { useQuickReplies } from '../../api/inbox';
import { useT } from '../../hooks/use-t';

/**
 * Quick replies in the composer: typing `/` (then part of a shortcut or title) in an empty
 * message box lists the conversation's quick replies (its tenant's and the global ones), with the
 * customer's variables already filled by the server. Enter or a click puts the text in the box,
 * where the agent can still edit it before sending. The list is only fetched once `/` is typed.
 */

const TRIGGER = /^\/([\p{L}\p{N}_-]*)$/u;

export function useQuickReplyMatches(text: string, conversationKey: string | null | undefined, enabled: boolean) {
  const trigger = TRIGGER.exec(text);
  const active = Boolean(trigger) && enabled && Boolean(conversationKey);
  const replies = useQuickReplies(conversationKey, active);
  const term = (trigger?.[1] ?? '').toLowerCase();
  const matches = active
    ? (replies.data ?? []).filter((reply) => reply.shortcut.includes(term) || (reply.title ?? '').toLowerCase().includes(term))
    : [];
  return { active, loading: active && replies.isLoading, matches, first: matches[0] as QuickReply | undefined };
}

const Option = styled.button`
  display: block;
  width: 100%;
  text-align: left;
  border: none;
  border-bottom: 1px solid ${({ theme }) => theme.colors.neutral150};
  background: ${({ theme }) => theme.colors.neutral0};
  padding: 6px 10px;
  cursor: pointer;
  &:hover,
  &:focus-visible,
  &[data-first='true'] {
    background: ${({ theme }) => theme.colors.primary100};
  }
`;

export const QuickReplyMenu = ({
  active,
  loading,
  matches,
  onPick,
}: {
  active: boolean;
  loading: boolean;
  matches: QuickReply[];
  onPick: (reply: QuickReply) => void;
}) => {
  const t = useT();
  if (!active) return null;
  return (
    <Box background="neutral0" hasRadius borderColor="neutral200" data-testid="wa-quick-replies">
      <Box padding={2}>
        <Typography variant="pi" textColor="neutral600">
          {loading
            ? t('conversations.quickReplies.loading', 'Loading quick replies…')
            : matches.length
              ? t('conversations.quickReplies.hint', 'Quick replies: Enter inserts the first one')
              : t('conversations.quickReplies.none', 'No quick reply matches')}
        </Typography>
      </Box>
      <div role="listbox" aria-label={t('conversations.quickReplies.label', 'Quick replies')}>
        {matches.map((reply, index) => (
          <Option key={reply.documentId} type="button" role="option" aria-selected={index === 0} data-first={index === 0} onClick={() => onPick(reply)}>
            <Typography fontWeight="semiBold" variant="pi">{`/${reply.shortcut}`}</Typography>
            {reply.title ? <Typography variant="pi" textColor="neutral600">{` · ${reply.title}`}</Typography> : null}
            <Typography variant="pi" textColor="neutral700" ellipsis tag="div">
              {reply.text}
            </Typography>
          </Option>
        ))}
      </div>
    </Box>
  );
};

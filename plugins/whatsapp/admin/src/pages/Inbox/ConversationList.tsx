import { Badge, Box, Checkbox, Flex, Typography } from '@strapi/design-system';
import { styled } from 'styled-components';
import type { ListConversations } from '../../../../shared/contracts/conversations';
import { StateBadge } from '../../components/Conversation/ConversationHeader';
import { useT } from '../../hooks/use-t';
import { useFormatDate } from '../../utils/format-date';

/**
 * The inbox's left column: one row per conversation, newest activity first. In selection mode
 * (bulk close/archive) each row is a checkbox instead of a button that opens the conversation.
 */

const Item = styled.button<{ $active: boolean }>`
  display: block;
  width: 100%;
  text-align: left;
  border: none;
  border-bottom: 1px solid ${({ theme }) => theme.colors.neutral150};
  background: ${({ $active, theme }) => ($active ? theme.colors.primary100 : theme.colors.neutral0)};
  padding: 10px 12px;
  cursor: pointer;
  &:hover {
    background: ${({ theme }) => theme.colors.neutral100};
  }
`;

const SelectRow = styled.div`
  border-bottom: 1px solid ${({ theme }) => theme.colors.neutral150};
  padding: 8px 12px;
`;

/** The WhatsApp username as people see it (`@name`), when the customer has one. */
export const usernameOf = (conversation: ListConversations.Conversation) => (conversation.customer?.username ? `@${conversation.customer.username}` : null);

/** A username user who hides the number has no phone: the username, then the BSUID, names them. */
export const titleOf = (conversation: ListConversations.Conversation) =>
  conversation.customer?.name ||
  conversation.contact.profileName ||
  conversation.customer?.phone ||
  conversation.contact.phone ||
  usernameOf(conversation) ||
  conversation.contact.waId ||
  conversation.customer?.userId ||
  conversation.contact.userId ||
  conversation.conversationKey;

export const ConversationList = ({
  conversations,
  selectedKey,
  onSelect,
  selecting = false,
  checked,
  onToggle,
}: {
  conversations: ListConversations.Conversation[];
  selectedKey?: string | null;
  onSelect: (conversation: ListConversations.Conversation) => void;
  /** Selection mode: rows are checkboxes (checked keys in `checked`). */
  selecting?: boolean;
  checked?: Set<string>;
  onToggle?: (conversationKey: string, on: boolean) => void;
}) => {
  const t = useT();
  const dates = useFormatDate();

  if (selecting) {
    return (
      <Box role="list" aria-label={t('inbox.list.label', 'Conversations')} data-testid="wa-conversations">
        {conversations.map((c) => (
          <SelectRow key={c.conversationKey} role="listitem" data-testid="wa-conversation-select" data-key={c.conversationKey}>
            <Checkbox checked={checked?.has(c.conversationKey) ?? false} onCheckedChange={(on: boolean | 'indeterminate') => onToggle?.(c.conversationKey, on === true)}>
              {titleOf(c)}
            </Checkbox>
          </SelectRow>
        ))}
      </Box>
    );
  }

  return (
    <Box role="list" aria-label={t('inbox.list.label', 'Conversations')} data-testid="wa-conversations">
      {conversations.map((c) => {
        const last = c.lastMessage;
        const at = c.lastMessageAt ? new Date(c.lastMessageAt) : null;
        const preview =
          last.body || last.caption || (last.template ? t('inbox.template.label', 'Template {name}', { name: last.template.name }) : t(`inbox.type.${last.type}`, last.type));
        return (
          // The list item holds the button (a button given role="listitem" would no longer be
          // announced as something to press); the open conversation is marked aria-current.
          <div key={c.conversationKey} role="listitem">
            <Item
              type="button"
              $active={c.conversationKey === selectedKey}
              aria-current={c.conversationKey === selectedKey ? 'true' : undefined}
              onClick={() => onSelect(c)}
              data-testid="wa-conversation"
              data-key={c.conversationKey}
            >
              <Flex justifyContent="space-between" gap={2}>
                <Flex gap={1} minWidth={0}>
                  <Typography fontWeight={c.unread ? 'bold' : 'semiBold'} ellipsis>
                    {titleOf(c)}
                  </Typography>
                  {usernameOf(c) && usernameOf(c) !== titleOf(c) && (
                    <Typography variant="pi" textColor="neutral600" ellipsis data-testid="wa-conversation-username">
                      {usernameOf(c)}
                    </Typography>
                  )}
                </Flex>
                {at && (
                  <Typography variant="pi" textColor={c.unread ? 'success600' : 'neutral500'}>
                    {dates.recent(at)}
                  </Typography>
                )}
              </Flex>
              <Flex justifyContent="space-between" gap={2}>
                <Typography variant="pi" textColor="neutral600" ellipsis>
                  {last.direction === 'outbound' ? `${t('inbox.quote.you', 'You')}: ` : ''}
                  {preview}
                </Typography>
                <Flex gap={1}>
                  {c.customer?.blockedAt && (
                    <Badge backgroundColor="danger100" textColor="danger700" data-testid="wa-blocked">
                      {t('inbox.list.blocked', 'Blocked')}
                    </Badge>
                  )}
                  {c.failed > 0 && (
                    <Badge backgroundColor="danger100" textColor="danger700" title={t('inbox.list.failed', 'Failed messages')}>
                      !
                    </Badge>
                  )}
                  {c.unread > 0 && (
                    <Badge active aria-label={t('inbox.list.unread', '{count, plural, one {# unread message} other {# unread messages}}', { count: c.unread })} data-testid="wa-unread">
                      {c.unread}
                    </Badge>
                  )}
                </Flex>
              </Flex>
              <Flex justifyContent="space-between" gap={2}>
                <Typography variant="pi" textColor="neutral500" ellipsis>
                  {[c.tenant?.name, c.phoneNumber?.displayPhoneNumber ?? c.phoneNumber?.phoneNumberId].filter(Boolean).join(' · ')}
                </Typography>
                <Flex gap={1}>
                  {c.assignee && (
                    <Typography variant="pi" textColor="neutral600" ellipsis data-testid="wa-assignee">
                      {t('conversations.assignee.short', '→ {name}', { name: c.assignee.name ?? `#${c.assignee.id}` })}
                    </Typography>
                  )}
                  {c.state && c.state !== 'open' && <StateBadge state={c.state} />}
                </Flex>
              </Flex>
            </Item>
          </div>
        );
      })}
    </Box>
  );
};

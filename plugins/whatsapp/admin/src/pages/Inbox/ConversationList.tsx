import { Badge, Box, Flex, Typography } from '@strapi/design-system';
import { styled } from 'styled-components';
import type { ListConversations } from '../../../../shared/contracts/conversations';
import { useT } from '../../hooks/use-t';
import { useFormatDate } from '../../utils/format-date';

/** The inbox's left column: one row per conversation, newest activity first. */

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

export const titleOf = (conversation: ListConversations.Conversation) =>
  conversation.customer?.name || conversation.contact.profileName || conversation.customer?.phone || conversation.contact.phone || conversation.contact.waId || conversation.conversationKey;

export const ConversationList = ({
  conversations,
  selectedKey,
  onSelect,
}: {
  conversations: ListConversations.Conversation[];
  selectedKey?: string | null;
  onSelect: (conversation: ListConversations.Conversation) => void;
}) => {
  const t = useT();
  const dates = useFormatDate();

  return (
    <Box role="list" aria-label={t('inbox.list.label', 'Conversations')} data-testid="wa-conversations">
      {conversations.map((c) => {
        const last = c.lastMessage;
        const at = c.lastMessageAt ? new Date(c.lastMessageAt) : null;
        const preview =
          last.body || last.caption || (last.template ? t('inbox.template.label', 'Template {name}', { name: last.template.name }) : t(`inbox.type.${last.type}`, last.type));
        return (
          <Item key={c.conversationKey} type="button" role="listitem" $active={c.conversationKey === selectedKey} onClick={() => onSelect(c)} data-testid="wa-conversation" data-key={c.conversationKey}>
            <Flex justifyContent="space-between" gap={2}>
              <Typography fontWeight={c.unread ? 'bold' : 'semiBold'} ellipsis>
                {titleOf(c)}
              </Typography>
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
            <Typography variant="pi" textColor="neutral500" ellipsis>
              {[c.tenant?.name, c.phoneNumber?.displayPhoneNumber ?? c.phoneNumber?.phoneNumberId].filter(Boolean).join(' · ')}
            </Typography>
          </Item>
        );
      })}
    </Box>
  );
};

import { Badge, Button, Flex, SingleSelect, SingleSelectOption, Typography } from '@strapi/design-system';
import { useAPIErrorHandler, useNotification } from '@strapi/strapi/admin';
import { CONVERSATION_STATES, type ConversationState, type ConversationStatus } from '../../../../shared/contracts/conversations-team';
import { useAssignConversations, useAssignees, useConversationStatus, useSetConversationState } from '../../api/inbox';
import { useT } from '../../hooks/use-t';
import { useFormatDate } from '../../utils/format-date';

/**
 * The header of an open conversation: its state (a menu to move it) and its assignee (a picker of
 * the users allowed to read messages, and "Assign to me"). Without conversations-manage both are
 * shown as text. Changes made elsewhere arrive through the live stream (useInboxLiveUpdates).
 */

export const STATE_COLORS: Record<ConversationState, { background: string; text: string }> = {
  open: { background: 'success100', text: 'success700' },
  pending: { background: 'warning100', text: 'warning700' },
  closed: { background: 'neutral150', text: 'neutral700' },
  archived: { background: 'neutral150', text: 'neutral600' },
  spam: { background: 'danger100', text: 'danger700' },
};

export function useStateLabel() {
  const t = useT();
  return (state: ConversationState) =>
    t(`conversations.state.${state}`, { open: 'Open', pending: 'Pending', closed: 'Closed', archived: 'Archived', spam: 'Spam' }[state]);
}

export const StateBadge = ({ state }: { state: ConversationState }) => {
  const label = useStateLabel();
  return (
    <Badge backgroundColor={STATE_COLORS[state].background} textColor={STATE_COLORS[state].text} data-testid="wa-state-badge">
      {label(state)}
    </Badge>
  );
};

const NONE = 'none';

export const ConversationHeader = ({
  conversationKey,
  canManage,
  currentUserId,
  initial,
}: {
  conversationKey: string;
  canManage: boolean;
  currentUserId?: number | null;
  /** The list's copy, shown until the header's own request answers. */
  initial?: ConversationStatus;
}) => {
  const t = useT();
  const dates = useFormatDate();
  const stateLabel = useStateLabel();
  const { toggleNotification } = useNotification();
  const { formatAPIError } = useAPIErrorHandler();
  const statusQuery = useConversationStatus(conversationKey);
  const status = statusQuery.data ?? initial;
  const assignees = useAssignees(canManage, conversationKey);
  const setState = useSetConversationState();
  const assign = useAssignConversations();

  const fail = (error: unknown) => toggleNotification({ type: 'danger', message: formatAPIError(error as any) });
  const changeState = (state: ConversationState) => setState.mutate({ conversationKeys: [conversationKey], state }, { onError: fail });
  const changeAssignee = (assigneeId: number | null) => assign.mutate({ conversationKeys: [conversationKey], assigneeId }, { onError: fail });

  if (!status) return null;
  const changedBy = status.stateChangedBy
    ? status.stateChangedBy.kind === 'customer'
      ? t('conversations.changedBy.customer', 'the customer')
      : (status.stateChangedBy.name ?? `#${status.stateChangedBy.id}`)
    : null;
  const options = [...(assignees.data ?? [])];
  if (status.assignee && !options.some((u) => u.id === status.assignee!.id)) options.push(status.assignee);

  return (
    <Flex gap={3} wrap="wrap" alignItems="center" data-testid="wa-conversation-header">
      {canManage ? (
        <SingleSelect
          size="S"
          aria-label={t('conversations.header.state', 'Conversation state')}
          value={status.state}
          onChange={(value: string | number) => changeState(String(value) as ConversationState)}
          disabled={setState.isPending}
        >
          {CONVERSATION_STATES.map((state) => (
            <SingleSelectOption key={state} value={state}>
              {stateLabel(state)}
            </SingleSelectOption>
          ))}
        </SingleSelect>
      ) : (
        <StateBadge state={status.state} />
      )}
      {canManage ? (
        <SingleSelect
          size="S"
          aria-label={t('conversations.header.assignee', 'Assignee')}
          value={status.assignee ? String(status.assignee.id) : NONE}
          onChange={(value: string | number) => changeAssignee(String(value) === NONE ? null : Number(value))}
          disabled={assign.isPending}
        >
          <SingleSelectOption value={NONE}>{t('conversations.assignee.none', 'Unassigned')}</SingleSelectOption>
          {options.map((user) => (
            <SingleSelectOption key={user.id} value={String(user.id)}>
              {user.name ?? `#${user.id}`}
            </SingleSelectOption>
          ))}
        </SingleSelect>
      ) : (
        <Typography variant="pi" textColor="neutral600">
          {status.assignee
            ? t('conversations.assignee.to', 'Assigned to {name}', { name: status.assignee.name ?? `#${status.assignee.id}` })
            : t('conversations.assignee.none', 'Unassigned')}
        </Typography>
      )}
      {canManage && currentUserId && status.assignee?.id !== currentUserId && (
        <Button size="S" variant="secondary" onClick={() => changeAssignee(currentUserId)} loading={assign.isPending}>
          {t('conversations.assignee.me', 'Assign to me')}
        </Button>
      )}
      {status.stateChangedAt && changedBy && (
        <Typography variant="pi" textColor="neutral500" data-testid="wa-state-changed">
          {t('conversations.header.changed', '{state} by {name}, {at}', {
            state: stateLabel(status.state),
            name: changedBy,
            at: dates.dateTime(status.stateChangedAt),
          })}
        </Typography>
      )}
    </Flex>
  );
};

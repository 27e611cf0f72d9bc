import { Flex } from '@strapi/design-system';
import { styled } from 'styled-components';
import { CONVERSATION_STATES, type AssigneeCounts, type ConversationState, type StateCounts } from '../../../../shared/contracts/conversations-team';
import { useStateLabel } from '../../components/Conversation/ConversationHeader';
import { useT } from '../../hooks/use-t';

/**
 * The inbox's state tabs (open, pending, closed, archived, spam, all) and the assignee filter
 * (all, mine, unassigned), each with its count from the list's meta. They are toggle buttons
 * (aria-pressed): each one filters the list below, none of them hides a panel.
 */

const Pill = styled.button<{ $on: boolean }>`
  border: 1px solid ${({ $on, theme }) => ($on ? theme.colors.primary600 : theme.colors.neutral200)};
  background: ${({ $on, theme }) => ($on ? theme.colors.primary100 : theme.colors.neutral0)};
  color: ${({ $on, theme }) => ($on ? theme.colors.primary700 : theme.colors.neutral800)};
  border-radius: 12px;
  padding: 2px 8px;
  font-size: 12px;
  line-height: 18px;
  cursor: pointer;
  white-space: nowrap;
`;

export type StateTab = ConversationState | 'all';
export type AssigneeTab = 'all' | 'me' | 'none';

export const StateFilters = ({
  state,
  assignee,
  stateCounts,
  assigneeCounts,
  onState,
  onAssignee,
}: {
  state: StateTab;
  assignee: AssigneeTab;
  stateCounts?: StateCounts;
  assigneeCounts?: AssigneeCounts;
  onState: (state: StateTab) => void;
  onAssignee: (assignee: AssigneeTab) => void;
}) => {
  const t = useT();
  const stateLabel = useStateLabel();
  const total = stateCounts ? Object.values(stateCounts).reduce((a, b) => a + b, 0) : undefined;
  const withCount = (label: string, count: number | undefined) => (count === undefined ? label : `${label} ${count}`);
  const assigneeTabs: { value: AssigneeTab; label: string; count?: number }[] = [
    { value: 'all', label: t('conversations.filter.everyone', 'Everyone'), count: assigneeCounts?.all },
    { value: 'me', label: t('conversations.filter.mine', 'Mine'), count: assigneeCounts?.mine },
    { value: 'none', label: t('conversations.filter.unassigned', 'Unassigned'), count: assigneeCounts?.unassigned },
  ];
  return (
    <Flex direction="column" alignItems="stretch" gap={2}>
      <Flex gap={1} wrap="wrap" role="group" aria-label={t('conversations.filter.state', 'Conversation state')}>
        {[...CONVERSATION_STATES, 'all' as const].map((value) => (
          <Pill key={value} type="button" $on={state === value} aria-pressed={state === value} onClick={() => onState(value)} data-testid={`wa-state-${value}`}>
            {withCount(value === 'all' ? t('conversations.state.all', 'All') : stateLabel(value), value === 'all' ? total : stateCounts?.[value])}
          </Pill>
        ))}
      </Flex>
      <Flex gap={1} wrap="wrap" role="group" aria-label={t('conversations.filter.assignee', 'Assigned to')}>
        {assigneeTabs.map((tab) => (
          <Pill key={tab.value} type="button" $on={assignee === tab.value} aria-pressed={assignee === tab.value} onClick={() => onAssignee(tab.value)} data-testid={`wa-assignee-${tab.value}`}>
            {withCount(tab.label, tab.count)}
          </Pill>
        ))}
      </Flex>
    </Flex>
  );
};

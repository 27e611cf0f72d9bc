import { Flex } from '@strapi/design-system';
import { styled } from 'styled-components';
import { useT } from '../../hooks/use-t';

/** "Reply | Note" above the composer: a message to the customer, or an internal note for the team. */

export type ComposerMode = 'reply' | 'note';

const Tab = styled.button<{ $selected: boolean; $note?: boolean }>`
  border: none;
  border-bottom: 2px solid ${({ $selected, $note }) => ($selected ? ($note ? '#c9a400' : '#06cf9c') : 'transparent')};
  background: transparent;
  padding: 6px 12px;
  font-weight: ${({ $selected }) => ($selected ? 600 : 400)};
  color: ${({ theme }) => theme.colors.neutral800};
  cursor: pointer;
`;

export const ComposerModeTabs = ({ mode, onChange }: { mode: ComposerMode; onChange: (mode: ComposerMode) => void }) => {
  const t = useT();
  const tabs: { mode: ComposerMode; label: string }[] = [
    { mode: 'reply', label: t('conversations.mode.reply', 'Reply') },
    { mode: 'note', label: t('conversations.mode.note', 'Note') },
  ];
  return (
    <Flex role="tablist" aria-label={t('conversations.mode.label', 'Write')} gap={1} paddingTop={2}>
      {tabs.map((tab) => (
        <Tab
          key={tab.mode}
          type="button"
          role="tab"
          aria-selected={mode === tab.mode}
          $selected={mode === tab.mode}
          $note={tab.mode === 'note'}
          onClick={() => onChange(tab.mode)}
        >
          {tab.label}
        </Tab>
      ))}
    </Flex>
  );
};

import { styled } from 'styled-components';
import type { ConversationNote } from '../../../../shared/contracts/conversations-team';
import { useT } from '../../hooks/use-t';
import { useFormatDate } from '../../utils/format-date';
import { SafeText } from './SafeText';

/**
 * An internal note in the timeline: the team's, never sent to the customer. It must not look like
 * a message: full width, yellow with a dashed border, labelled "Internal note" with its author.
 */

const Row = styled.div`
  display: flex;
  justify-content: center;
  padding: 4px 12px;
`;

const Note = styled.div`
  width: min(90%, 640px);
  padding: 6px 10px;
  border-radius: 6px;
  background: #fff5c4;
  border: 1px dashed #c9a400;
  color: #3b3000;
  font-size: 14px;
  line-height: 19px;
`;

const Label = styled.div`
  display: flex;
  justify-content: space-between;
  gap: 8px;
  font-size: 11px;
  font-weight: 600;
  color: #6b5800;
  margin-bottom: 2px;
`;

export const NoteBubble = ({ note }: { note: ConversationNote }) => {
  const t = useT();
  const dates = useFormatDate();
  return (
    <Row>
      <Note role="note" aria-label={t('conversations.note.label', 'Internal note')} data-testid="wa-note">
        <Label>
          <span>
            {t('conversations.note.label', 'Internal note')}
            {note.author?.name ? ` · ${note.author.name}` : ''}
          </span>
          <time dateTime={note.createdAt} title={dates.full(note.createdAt)}>
            {dates.clock(note.createdAt)}
          </time>
        </Label>
        <SafeText text={note.body} />
      </Note>
    </Row>
  );
};

import { Button, Checkbox, Flex, Typography } from '@strapi/design-system';
import { useT } from '../../hooks/use-t';

/** Selection mode of the inbox list: select all on the page, how many are selected, close or archive them at once. */
export const BulkBar = ({
  count,
  pageCount,
  busy,
  onSelectAll,
  onClose,
  onArchive,
  onCancel,
}: {
  count: number;
  /** Conversations on the page (for "select all"). */
  pageCount: number;
  busy: boolean;
  onSelectAll: (on: boolean) => void;
  onClose: () => void;
  onArchive: () => void;
  onCancel: () => void;
}) => {
  const t = useT();
  const all = count > 0 && count === pageCount;
  return (
    <Flex gap={2} wrap="wrap" alignItems="center" data-testid="wa-bulk-bar">
      <Checkbox checked={all ? true : count > 0 ? 'indeterminate' : false} onCheckedChange={(on: boolean | 'indeterminate') => onSelectAll(on === true)}>
        {t('conversations.bulk.all', 'Select all')}
      </Checkbox>
      <Typography variant="pi" textColor="neutral600" aria-live="polite">
        {t('conversations.bulk.count', '{count, plural, =0 {None selected} one {# selected} other {# selected}}', { count })}
      </Typography>
      <Button size="S" variant="secondary" disabled={count === 0} loading={busy} onClick={onClose}>
        {t('conversations.bulk.close', 'Close')}
      </Button>
      <Button size="S" variant="secondary" disabled={count === 0} loading={busy} onClick={onArchive}>
        {t('conversations.bulk.archive', 'Archive')}
      </Button>
      <Button size="S" variant="tertiary" onClick={onCancel}>
        {t('conversations.bulk.cancel', 'Done')}
      </Button>
    </Flex>
  );
};

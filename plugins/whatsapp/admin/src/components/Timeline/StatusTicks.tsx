import { styled } from 'styled-components';
import type { MessageView } from '../../../../shared/contracts/conversations';
import { useT } from '../../hooks/use-t';

/** WhatsApp's delivery marks: clock while queued, ✓ sent, ✓✓ delivered, blue ✓✓ read, ! failed. */
const Mark = styled.span<{ $tone: 'muted' | 'read' | 'danger' }>`
  font-size: 12px;
  letter-spacing: -3px;
  padding-right: 3px;
  color: ${({ $tone, theme }) =>
    $tone === 'read' ? '#53bdeb' : $tone === 'danger' ? theme.colors.danger600 : theme.colors.neutral500};
`;

export const StatusTicks = ({ status }: { status: MessageView['status'] | 'accepted' }) => {
  const t = useT();
  const label = t(`inbox.status.${status}`, status);
  switch (status) {
    case 'sent':
      return <Mark $tone="muted" role="img" aria-label={label} title={label} data-status={status}>✓</Mark>;
    case 'delivered':
      return <Mark $tone="muted" role="img" aria-label={label} title={label} data-status={status}>✓✓</Mark>;
    case 'read':
    case 'played':
      return <Mark $tone="read" role="img" aria-label={label} title={label} data-status={status}>✓✓</Mark>;
    case 'failed':
      return <Mark $tone="danger" role="img" aria-label={label} title={label} data-status={status}>!</Mark>;
    case 'received':
      return null;
    default:
      return <Mark $tone="muted" role="img" aria-label={label} title={label} data-status={status}>🕓</Mark>;
  }
};

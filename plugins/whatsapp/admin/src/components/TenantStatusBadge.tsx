import { Badge } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { TenantStatus } from '../../../shared/contracts/numbers';
import { getTranslation } from '../utils/getTranslation';

const LOOK: Record<TenantStatus, { background: string; text: string; label: string }> = {
  configured: { background: 'success100', text: 'success700', label: 'Configured' },
  not_configured: { background: 'warning100', text: 'warning700', label: 'Not configured' },
  disabled: { background: 'neutral150', text: 'neutral700', label: 'Disabled' },
};

export function TenantStatusBadge({ status }: { status: TenantStatus }) {
  const { formatMessage } = useIntl();
  const look = LOOK[status];
  return (
    <Badge backgroundColor={look.background} textColor={look.text}>
      {formatMessage({ id: getTranslation(`numbers.status.${status}`), defaultMessage: look.label })}
    </Badge>
  );
}

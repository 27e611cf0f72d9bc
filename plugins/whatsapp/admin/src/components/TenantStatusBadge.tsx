import { Badge } from '@strapi/design-system';
import type { TenantStatus } from '../../../shared/contracts/numbers';
import { useT } from '../hooks/use-t';

const LOOK: Record<TenantStatus, { background: string; text: string; label: string }> = {
  configured: { background: 'success100', text: 'success700', label: 'Configured' },
  not_configured: { background: 'warning100', text: 'warning700', label: 'Not configured' },
  disabled: { background: 'neutral150', text: 'neutral700', label: 'Disabled' },
};

export function TenantStatusBadge({ status }: { status: TenantStatus }) {
  const t = useT();
  const look = LOOK[status];
  return (
    <Badge backgroundColor={look.background} textColor={look.text}>
      {t(`numbers.status.${status}`, look.label)}
    </Badge>
  );
}

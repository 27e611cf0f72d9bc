import { Badge } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { getTranslation } from '../../utils/getTranslation';

const TONES: Record<string, { backgroundColor: string; textColor: string }> = {
  APPROVED: { backgroundColor: 'success100', textColor: 'success700' },
  PENDING: { backgroundColor: 'warning100', textColor: 'warning700' },
  IN_APPEAL: { backgroundColor: 'warning100', textColor: 'warning700' },
  REJECTED: { backgroundColor: 'danger100', textColor: 'danger700' },
  DISABLED: { backgroundColor: 'danger100', textColor: 'danger700' },
  PAUSED: { backgroundColor: 'danger100', textColor: 'danger700' },
  DELETED: { backgroundColor: 'neutral150', textColor: 'neutral600' },
  DRAFT: { backgroundColor: 'primary100', textColor: 'primary700' },
};

/** A template's review status (Meta's uppercase values) as a coloured, translated badge. */
export function TemplateStatusBadge({ status }: { status: string }) {
  const { formatMessage } = useIntl();
  const tone = TONES[status] ?? { backgroundColor: 'neutral150', textColor: 'neutral700' };
  return (
    <Badge {...(tone as any)} data-testid="template-status" data-status={status}>
      {formatMessage({ id: getTranslation(`templates.status.${status}`), defaultMessage: status.replace(/_/g, ' ') })}
    </Badge>
  );
}

import { Badge } from '@strapi/design-system';
import { useT } from '../../hooks/use-t';

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
  const t = useT();
  const tone = TONES[status] ?? { backgroundColor: 'neutral150', textColor: 'neutral700' };
  return (
    <Badge {...(tone as any)} data-testid="template-status" data-status={status}>
      {t(`templates.status.${status}`, status.replace(/_/g, ' '))}
    </Badge>
  );
}

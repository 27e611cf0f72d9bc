import { Badge } from '@strapi/design-system';
import { useT } from '../hooks/use-t';

const COLORS: Record<string, { background: string; text: string }> = {
  GREEN: { background: 'success100', text: 'success700' },
  YELLOW: { background: 'warning100', text: 'warning700' },
  RED: { background: 'danger100', text: 'danger700' },
};

/** Meta's quality rating of a number (GREEN / YELLOW / RED / UNKNOWN), as a coloured badge. */
export function QualityBadge({ rating }: { rating: string | null }) {
  const t = useT();
  const value = (rating || 'UNKNOWN').toUpperCase();
  const colors = COLORS[value] ?? { background: 'neutral150', text: 'neutral700' };
  return (
    <Badge backgroundColor={colors.background} textColor={colors.text}>
      {t(`numbers.quality.${value}`, value)}
    </Badge>
  );
}

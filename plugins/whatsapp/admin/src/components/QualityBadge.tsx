import { Badge } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { getTranslation } from '../utils/getTranslation';

const COLORS: Record<string, { background: string; text: string }> = {
  GREEN: { background: 'success100', text: 'success700' },
  YELLOW: { background: 'warning100', text: 'warning700' },
  RED: { background: 'danger100', text: 'danger700' },
};

/** Meta's quality rating of a number (GREEN / YELLOW / RED / UNKNOWN), as a coloured badge. */
export function QualityBadge({ rating }: { rating: string | null }) {
  const { formatMessage } = useIntl();
  const value = (rating || 'UNKNOWN').toUpperCase();
  const colors = COLORS[value] ?? { background: 'neutral150', text: 'neutral700' };
  return (
    <Badge backgroundColor={colors.background} textColor={colors.text}>
      {formatMessage({ id: getTranslation(`numbers.quality.${value}`), defaultMessage: value })}
    </Badge>
  );
}

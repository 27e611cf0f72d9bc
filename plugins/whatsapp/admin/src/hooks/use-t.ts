import { useIntl } from 'react-intl';
import { getTranslation } from '../utils/getTranslation';

/** `t('numbers.title', 'Numbers')`: a plugin message with its English default, values optional. */
export function useT() {
  const { formatMessage } = useIntl();
  return (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
    formatMessage({ id: getTranslation(id), defaultMessage }, values);
}

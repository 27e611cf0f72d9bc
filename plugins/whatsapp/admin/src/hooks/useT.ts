import { useIntl } from 'react-intl';
import { getTranslation } from '../utils/getTranslation';

/** `t('inbox.send', 'Send')`: the plugin's translation with its English default, values optional. */
export function useT() {
  const { formatMessage } = useIntl();
  return (id: string, defaultMessage: string, values?: Record<string, string | number | Date | null | undefined>) =>
    formatMessage({ id: getTranslation(id), defaultMessage }, values as Record<string, string | number>);
}

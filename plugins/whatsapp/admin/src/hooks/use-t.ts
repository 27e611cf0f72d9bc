import { useIntl } from 'react-intl';
import { getTranslation } from '../utils/getTranslation';

/** Values of an ICU message: `{count}`, `{name}`… */
export type MessageValues = Record<string, string | number | Date | null | undefined>;

/**
 * `t('inbox.send', 'Send')`: the plugin's translation (id without the `whatsapp.` prefix) with its
 * English default, values optional. The one translation hook of the plugin's admin.
 */
export function useT() {
  const { formatMessage } = useIntl();
  return (id: string, defaultMessage: string, values?: MessageValues) =>
    formatMessage({ id: getTranslation(id), defaultMessage }, values as Record<string, string | number>);
}

export type Translate = ReturnType<typeof useT>;

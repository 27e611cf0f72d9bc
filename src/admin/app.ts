import { contentManagerMessages } from '../../plugins/whatsapp/server/src/core/content-manager/translations';
import { HOST_VIEWS } from '../content-manager';

/**
 * The host app's admin customisation: the interface languages offered in each user's profile
 * (English is always there). The WhatsApp plugin ships Spanish and Basque for all its screens;
 * the CRM's own types get their Content Manager names in both from src/content-manager.
 */
export default {
  config: {
    locales: ['es', 'eu'],
    translations: {
      es: contentManagerMessages(HOST_VIEWS, 'es'),
      eu: contentManagerMessages(HOST_VIEWS, 'eu'),
    },
  },
  bootstrap() {},
};

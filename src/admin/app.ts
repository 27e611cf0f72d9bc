/**
 * The host app's admin customisation: the interface languages offered in each user's profile
 * (English is always there). The WhatsApp plugin ships Spanish and Basque for all its screens.
 */
export default {
  config: {
    locales: ['es', 'eu'],
  },
  bootstrap() {},
};

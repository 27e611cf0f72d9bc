import type { StrapiApp } from '@strapi/strapi/admin';
import { CommsPanel } from './components/CommsPanel/CommsPanel';
import { Initializer } from './components/Initializer';
import { PluginIcon } from './components/PluginIcon';
import { PERMISSIONS } from './constants';
import { PLUGIN_ID } from './pluginId';
import { loadTranslations } from './translations/load';
import { contentManagerMessages } from '../../server/src/core/content-manager/translations';
import { PLUGIN_VIEWS } from '../../server/src/core/content-manager/views';
import { getTranslation } from './utils/getTranslation';
import { SubmitTemplateAction } from './components/SubmitTemplateAction';
import { TemplateEditPanel } from './components/TemplateEditPanel';

const plugin: StrapiApp['appPlugins'][string] = {
  register(app) {
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      icon: PluginIcon,
      intlLabel: { id: getTranslation('plugin.name'), defaultMessage: 'WhatsApp' },
      Component: () => import('./pages/App'),
      permissions: PERMISSIONS.menu,
    });

    // Settings → WhatsApp: accounts, webhook values for Meta, mode (pages/Settings).
    app.createSettingSection(
      { id: PLUGIN_ID, intlLabel: { id: getTranslation('plugin.name'), defaultMessage: 'WhatsApp' } },
      [
        {
          id: `${PLUGIN_ID}-settings`,
          to: PLUGIN_ID,
          intlLabel: { id: getTranslation('settings.link'), defaultMessage: 'Accounts and webhook' },
          Component: () => import('./pages/Settings'),
          permissions: PERMISSIONS.settingsRead,
        },
      ]
    );

    app.registerPlugin({
      id: PLUGIN_ID,
      initializer: Initializer,
      isReady: false,
      name: PLUGIN_ID,
    });
  },

  bootstrap(app: any) {
    // Template editing happens in the content manager: a side panel (status, lint, preview) and
    // a "Submit to WhatsApp" action on the template edit view
    // (docs/strapi-notes.md#content-manager-extension-apis).
    const contentManager = app.getPlugin('content-manager');
    contentManager.apis.addEditViewSidePanel([TemplateEditPanel]);
    // The customer's comms tab: a side panel of the edit view (customers only).
    contentManager.apis.addEditViewSidePanel([CommsPanel]);
    contentManager.apis.addDocumentAction((actions: unknown[]) => [...actions, SubmitTemplateAction]);
  },

  async registerTrads({ locales }: { locales: string[] }) {
    return Promise.all(
      locales.map(async (locale) => {
        try {
          // Plus the Content Manager's field and type names of the plugin's curated views (es, eu).
          return { data: { ...contentManagerMessages(PLUGIN_VIEWS, locale), ...(await loadTranslations(locale)) }, locale };
        } catch {
          return { data: {}, locale };
        }
      })
    );
  },
};

export default plugin;

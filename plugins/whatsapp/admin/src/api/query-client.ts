import { QueryClient } from '@tanstack/react-query';

/**
 * The plugin's one QueryClient: the pages under /plugins/whatsapp, the settings page and the
 * content-manager panels and actions (which Strapi renders outside the plugin's App) share it, so
 * a change made in one place refreshes the others.
 */
export const pluginQueryClient = new QueryClient({
  defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } },
});

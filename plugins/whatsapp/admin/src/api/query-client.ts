import { QueryClient } from '@tanstack/react-query';

/**
 * The plugin pages' one QueryClient: the pages under /plugins/whatsapp and the settings page
 * (which Strapi renders outside the plugin's App) share it, so caches agree.
 */
export const pluginQueryClient = new QueryClient({
  defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } },
});

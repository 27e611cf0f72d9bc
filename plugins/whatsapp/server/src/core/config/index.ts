import { readEnvironment } from './env';
import { parseConfig } from './schema';
import { configSources } from './sources';

/**
 * The plugin's config, as Strapi loads it (docs/install.md#how-the-settings-are-resolved):
 * `default` is called at every load with the environment as it is then, and Strapi merges the
 * host's `plugins.whatsapp.config` over it, so the host wins key by key. `validator` gets the
 * merged object and stops Strapi with a message naming what to fix.
 */
export default {
  default: () => readEnvironment(),
  validator(config: unknown) {
    const merged = (config ?? {}) as Record<string, unknown>;
    parseConfig(merged, configSources(merged, readEnvironment()));
  },
};

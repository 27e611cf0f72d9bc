import { CONFIG_KEYS, ENV_NAMES, type ConfigKey } from './schema';

export type RawEnvironment = Record<string, string | undefined>;

/**
 * The plugin's settings as the environment gives them: for each key whose variable
 * (`ENV_NAMES`) is set to something other than blanks, the raw string. The schema parses and
 * checks them, exactly as it does values from the host's config/plugins.
 *
 * This is the plugin's `config.default`: Strapi merges it under the host's
 * `plugins.whatsapp.config` (lodash `defaultsDeep`), so a key the host sets wins over the
 * environment, and a key it leaves out (or sets to `undefined`) falls back to the environment.
 */
export function readEnvironment(env: RawEnvironment = process.env): Partial<Record<ConfigKey, string>> {
  const values: Partial<Record<ConfigKey, string>> = {};
  for (const key of CONFIG_KEYS) {
    const value = env[ENV_NAMES[key]];
    if (typeof value === 'string' && value.trim() !== '') values[key] = value;
  }
  return values;
}

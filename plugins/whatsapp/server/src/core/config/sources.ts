import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from '../../../../shared/uids';
import { readEnvironment, type RawEnvironment } from './env';
import {
  blankToUndefined,
  CONFIG_KEYS,
  ENV_NAMES,
  parseConfig,
  SECRET_KEYS,
  type ConfigKey,
  type ConfigSource,
  type PluginConfig,
} from './schema';

/**
 * Where each effective setting came from, for the startup log and for naming the right thing in
 * a validation error.
 *
 * Strapi hands the plugin one object: the host's `plugins.whatsapp.config` merged over the
 * plugin's `config.default` (which is `readEnvironment()`). The plugin cannot see the host's
 * object on its own, so the source is inferred by comparing the merged value with the
 * environment's:
 * - no value (or a blank one) → `default`;
 * - the same string as the environment variable → `env` (also when the host passes
 *   `env('WHATSAPP_…')` through itself: the value is the environment's either way);
 * - anything else → `host` (the host set the key, and wins over the environment).
 */
export function configSources(
  merged: Record<string, unknown>,
  envValues: Partial<Record<ConfigKey, string>>
): Record<ConfigKey, ConfigSource> {
  const sources = {} as Record<ConfigKey, ConfigSource>;
  for (const key of CONFIG_KEYS) {
    const value = blankToUndefined(merged[key]);
    if (value === undefined) sources[key] = 'default';
    else if (envValues[key] !== undefined && value === envValues[key]) sources[key] = 'env';
    else sources[key] = 'host';
  }
  return sources;
}

/** URLs may carry credentials (`https://user:secret@host`, `redis://:secret@host`): never print them. */
export const withoutCredentials = (url: string) => url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1***@');

function formatValue(key: ConfigKey, value: PluginConfig[ConfigKey]): string {
  if (SECRET_KEYS.has(key)) return value === undefined ? 'not set' : 'set';
  if (value === undefined) return 'not set';
  if (Array.isArray(value)) return value.join(',');
  if (key === 'graphApiUrl' || key === 'publicUrl' || key === 'redisUrl') return withoutCredentials(String(value));
  return String(value);
}

/** Levenshtein distance, to point at a misspelt variable or key. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

const closest = (name: string, candidates: readonly string[]) =>
  candidates
    .map((candidate) => ({ candidate, d: distance(name.toUpperCase(), candidate.toUpperCase()) }))
    .filter(({ d }) => d > 0 && d <= 2)
    .sort((a, b) => a.d - b.d)[0]?.candidate;

export interface ConfigReport {
  sources: Record<ConfigKey, ConfigSource>;
  /** Info lines: a summary, one line per setting from the environment or the host, the defaults. */
  lines: string[];
  /** Likely mistakes: a misspelt variable or key, an environment variable the host blanks out. */
  warnings: string[];
}

/** The startup report. Secrets appear only as "set"/"not set"; no value of theirs is printed. */
export function describeConfig(merged: Record<string, unknown>, env: RawEnvironment = process.env): ConfigReport {
  const envValues = readEnvironment(env);
  const sources = configSources(merged, envValues);
  const config = parseConfig(merged, sources);
  const lines: string[] = [];
  const warnings: string[] = [];

  const fromEnv = CONFIG_KEYS.filter((key) => sources[key] === 'env');
  const fromHost = CONFIG_KEYS.filter((key) => sources[key] === 'host');
  const defaults = CONFIG_KEYS.filter((key) => sources[key] === 'default');
  lines.push(
    `[whatsapp] Settings: ${fromEnv.length} from the environment, ${fromHost.length} from the host config ` +
      `(config/plugins), ${defaults.length} defaults.`
  );
  for (const key of CONFIG_KEYS) {
    if (sources[key] === 'default') continue;
    const value = formatValue(key, config[key]);
    if (sources[key] === 'env') {
      lines.push(`[whatsapp]   ${key}: ${value} (env ${ENV_NAMES[key]})`);
    } else {
      const ignored = envValues[key] !== undefined ? `; ${ENV_NAMES[key]} in the environment is ignored` : '';
      lines.push(`[whatsapp]   ${key}: ${value} (host config${ignored})`);
    }
  }
  if (defaults.length > 0) {
    const withValue = defaults.filter((key) => config[key] !== undefined);
    const unset = defaults.filter((key) => config[key] === undefined);
    const parts = [
      ...(withValue.length ? [withValue.map((key) => `${key}=${formatValue(key, config[key])}`).join(', ')] : []),
      ...(unset.length ? [`not set: ${unset.join(', ')}`] : []),
    ];
    lines.push(`[whatsapp]   defaults: ${parts.join('; ')}`);
  }

  for (const key of defaults) {
    if (merged[key] !== undefined && envValues[key] !== undefined) {
      warnings.push(
        `[whatsapp] ${ENV_NAMES[key]} is set, but config/plugins sets whatsapp.config.${key} to an empty value: the default is used.`
      );
    }
  }
  const known = Object.values(ENV_NAMES) as string[];
  for (const name of Object.keys(env)) {
    if (known.includes(name) || !/WHATSAPP/i.test(name)) continue;
    const guess = closest(name, known);
    if (guess) warnings.push(`[whatsapp] ${name} is not a setting of the plugin (ignored): did you mean ${guess}?`);
  }
  for (const key of Object.keys(merged)) {
    if ((CONFIG_KEYS as string[]).includes(key)) continue;
    const guess = closest(key, CONFIG_KEYS);
    warnings.push(
      `[whatsapp] whatsapp.config.${key} in config/plugins is not a setting of the plugin (ignored)` +
        (guess ? `: did you mean ${guess}?` : '.')
    );
  }
  return { sources, lines, warnings };
}

/** Logs the report once at startup (register). */
export function logConfiguration(strapi: Core.Strapi): ConfigReport {
  const merged = (strapi.config.get(`plugin::${PLUGIN_ID}`) ?? {}) as Record<string, unknown>;
  const report = describeConfig(merged);
  for (const line of report.lines) strapi.log.info(line);
  for (const line of report.warnings) strapi.log.warn(line);
  return report;
}

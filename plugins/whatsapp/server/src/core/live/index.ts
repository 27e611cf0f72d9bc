import type { Core } from '@strapi/strapi';
import type { PluginConfig } from '../config/schema';
import { withoutCredentials } from '../config/sources';
import { memoryTransport } from './memory';
import { PG_CHANNEL, postgresTransport } from './postgres';
import { redisTransport } from './redis';
import type { LiveBusKind, LiveTransport } from './types';

export type { LiveBusKind, LiveEvent, LivePayload, LiveTransport } from './types';

/**
 * Which bus carries live updates (WHATSAPP_LIVE_BUS, default auto):
 * - auto on PostgreSQL: Redis when REDIS_URL is set, else LISTEN/NOTIFY (no new service needed);
 * - auto on SQLite: in-process (one file means one machine; run one instance);
 * - auto on another database (MySQL, untested): Redis when REDIS_URL is set, else in-process;
 * - memory / postgres / redis: that one, or a startup error saying what is missing.
 */
export function chooseLiveBus(config: Pick<PluginConfig, 'liveBus' | 'redisUrl'>, client: string): LiveBusKind {
  const isPostgres = client === 'postgres';
  switch (config.liveBus) {
    case 'memory':
      return 'memory';
    case 'redis':
      if (!config.redisUrl) throw new Error('[whatsapp] WHATSAPP_LIVE_BUS=redis needs REDIS_URL (redis://host:6379)');
      return 'redis';
    case 'postgres':
      if (!isPostgres) throw new Error(`[whatsapp] WHATSAPP_LIVE_BUS=postgres needs a PostgreSQL database (DATABASE_CLIENT is ${client})`);
      return 'postgres';
    default:
      if (config.redisUrl && !['sqlite', 'better-sqlite3'].includes(client)) return 'redis';
      return isPostgres ? 'postgres' : 'memory';
  }
}

export function createLiveTransport(strapi: Core.Strapi, config: PluginConfig): LiveTransport {
  const kind = chooseLiveBus(config, String(strapi.db.dialect.client));
  if (kind === 'postgres') {
    strapi.log.info(`[whatsapp] Live updates: PostgreSQL LISTEN/NOTIFY (channel ${PG_CHANNEL}), journal whatsapp_live_events`);
    return postgresTransport(strapi);
  }
  if (kind === 'redis') {
    strapi.log.info(`[whatsapp] Live updates: Redis pub/sub (${withoutCredentials(config.redisUrl!)}), journal whatsapp_live_events`);
    return redisTransport(strapi, config.redisUrl!);
  }
  strapi.log.info('[whatsapp] Live updates: in-process (this instance only)');
  return memoryTransport();
}

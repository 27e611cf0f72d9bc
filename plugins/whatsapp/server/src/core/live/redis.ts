import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import { withoutCredentials } from '../config/sources';
import { backoff } from './postgres';
import { journalTransport, type JournalSignal } from './journal';
import { redact, urlPassword } from './redact';
import type { LiveTransport } from './types';

/**
 * Redis pub/sub as the wake-up signal, for deployments where LISTEN cannot work (a PgBouncer in
 * transaction mode, a managed database without LISTEN) or that run Redis anyway. The journal
 * stays in the database: a Redis message carries only the new row's id, and every instance reads
 * the rows after its last one, in id order. Redis messages may arrive in another order than the
 * ids (two instances publish at once); reading "everything up to n" makes that harmless.
 *
 * The `redis` package is an optional dependency, loaded only when this bus is chosen.
 */
function loadRedis(): { createClient: (options: unknown) => any } {
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    return require('redis');
  } catch {
    throw new Error(
      '[whatsapp] live updates over Redis (REDIS_URL or WHATSAPP_LIVE_BUS=redis) need the `redis` package: npm install redis'
    );
  }
}

/** One channel per database, so apps (or test runs) sharing a Redis server do not wake each other. */
export function redisChannel(strapi: Core.Strapi): string {
  const settings = (strapi.db.connection as any).client?.connectionSettings ?? {};
  const identity = [strapi.db.dialect.client, settings.connectionString ?? '', settings.host ?? '', settings.port ?? '', settings.database ?? '', settings.filename ?? ''].join('|');
  return `whatsapp:live:${crypto.createHash('sha256').update(identity).digest('hex').slice(0, 16)}`;
}

export function redisSignal(strapi: Core.Strapi, url: string): JournalSignal {
  const { createClient } = loadRedis();
  const channel = redisChannel(strapi);
  const secret = urlPassword(url);
  const where = withoutCredentials(url);
  let lastError = '';
  let closed = false;
  const warn = (message: string) => {
    if (closed || message === lastError) return;
    lastError = message;
    strapi.log.warn(`[whatsapp] live updates (redis ${where}): ${redact(strapi, message, [secret])}`);
  };
  const options = (name: string) => ({
    url,
    name,
    socket: { connectTimeout: 10_000, reconnectStrategy: (retries: number) => backoff(retries) },
  });
  // Publishing never waits for a Redis that is down (the event is in the journal already; the
  // others pick it up at their next signal or tick): no offline queue for the publisher.
  const publisher = createClient({ ...options('strapi-whatsapp-live-pub'), disableOfflineQueue: true });
  const subscriber = createClient(options('strapi-whatsapp-live-sub'));
  publisher.on('error', (error: Error) => warn(`publisher: ${error.message}`));
  subscriber.on('error', (error: Error) => warn(`subscriber: ${error.message}`));
  return {
    ordered: false,

    async publish(journal, name, payloadText) {
      const id = await journal.insert(name, payloadText);
      if (publisher.isReady) {
        publisher.publish(channel, String(id)).catch((error: Error) => warn(`publish: ${error.message}`));
      }
      return id;
    },

    async connect(handlers) {
      // connect() resolves on the first successful connection; until then, and after a drop, the
      // client retries by itself (reconnectStrategy) and subscribes again before it is `ready`.
      const first = Promise.all([
        publisher.connect(),
        subscriber.connect().then(() =>
          subscriber.subscribe(channel, (message: string) => {
            const id = Number(message);
            if (Number.isSafeInteger(id) && id > 0) handlers.signal(id);
          })
        ),
      ]).then(
        () => {
          subscriber.on('ready', () => {
            lastError = '';
            handlers.connected();
          });
          subscriber.on('reconnecting', () => handlers.disconnected());
          subscriber.on('end', () => handlers.disconnected());
          handlers.connected();
        },
        (error: Error) => warn(`could not connect: ${error.message}`)
      );
      // Startup does not wait for a Redis that is down longer than a connection attempt.
      await Promise.race([first, new Promise((resolve) => setTimeout(resolve, 10_000).unref?.())]);
    },

    async close() {
      if (closed) return;
      closed = true;
      // destroy, not quit: a Redis that is down would keep quit() waiting; nothing is lost (the
      // journal has every event).
      for (const client of [subscriber, publisher]) client.destroy();
    },
  };
}

export function redisTransport(strapi: Core.Strapi, url: string): LiveTransport {
  return journalTransport(strapi, 'redis', redisSignal(strapi, url));
}

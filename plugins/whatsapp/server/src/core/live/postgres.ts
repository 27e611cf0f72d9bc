import type { Core } from '@strapi/strapi';
import { journalTransport, type JournalSignal } from './journal';
import { redact } from './redact';
import type { LiveEvent, LiveTransport } from './types';

/** The NOTIFY channel (one per database, which is what the instances share). */
export const PG_CHANNEL = 'whatsapp_live';
/**
 * PostgreSQL refuses a NOTIFY payload of 8000 bytes or more (in the default build; see the
 * NOTIFY page of PostgreSQL's documentation). A bigger event goes by id: listeners read the row.
 */
export const NOTIFY_MAX_BYTES = 8000;
/** Room for the id and the separator in front of the event. */
const ID_ROOM = 24;
export const RECONNECT_MIN_MS = 500;
export const RECONNECT_MAX_MS = 30_000;

/**
 * The connection options knex uses for its pool, for one more client of the same driver. knex
 * keeps the password as a non-enumerable property (so it never shows in a dump): copied the same
 * way, and never logged.
 */
function listenerOptions(strapi: Core.Strapi): Record<string, unknown> {
  const client = (strapi.db.connection as any).client;
  const settings = client.connectionSettings;
  const options: Record<string, unknown> =
    typeof settings === 'string' ? { connectionString: settings } : { ...(settings ?? {}) };
  if (settings && typeof settings === 'object' && settings.password !== undefined) {
    Object.defineProperty(options, 'password', { value: settings.password, enumerable: false });
  }
  options.keepAlive = true;
  options.application_name = 'strapi-whatsapp-live';
  options.connectionTimeoutMillis = 10_000;
  return options;
}

/** Backoff with jitter: 0.5 s, 1 s, 2 s … up to 30 s. */
export function backoff(attempt: number): number {
  const base = Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** attempt);
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

/** Parses a notification: `<id>` or `<id>|<event json>`. */
export function parseNotification(text: string): { id: number; inline?: LiveEvent } | null {
  const bar = text.indexOf('|');
  const id = Number(bar < 0 ? text : text.slice(0, bar));
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  if (bar < 0) return { id };
  try {
    const { name, payload } = JSON.parse(text.slice(bar + 1));
    return typeof name === 'string' ? { id, inline: { seq: id, name, payload: payload ?? {} } } : { id };
  } catch {
    return { id };
  }
}

/**
 * LISTEN/NOTIFY on a dedicated connection: not one from knex's pool, which it would hold for the
 * life of the process (and which the pool may recycle). When it drops, it reconnects with
 * backoff; meanwhile events are still written to the journal, and the instance catches up from
 * it as soon as it listens again.
 */
export function postgresSignal(strapi: Core.Strapi): JournalSignal {
  const Driver = (strapi.db.connection as any).client.driver as { Client: new (options: unknown) => any };
  let client: any;
  let closed = false;
  let attempt = 0;
  let timer: NodeJS.Timeout | undefined;
  let lastError = '';

  const warn = (message: string) => {
    // One line per distinct failure, not one per retry of a database that stays down.
    if (message === lastError) return;
    lastError = message;
    strapi.log.warn(`[whatsapp] live updates (postgres): ${message}`);
  };

  return {
    ordered: true,

    async publish(journal, name, payloadText) {
      const event = JSON.stringify({ name, payload: JSON.parse(payloadText) });
      const inline = Buffer.byteLength(event, 'utf8') + ID_ROOM < NOTIFY_MAX_BYTES;
      return journal.insert(name, payloadText, { channel: PG_CHANNEL, suffix: inline ? `|${event}` : '' });
    },

    async connect(handlers) {
      const open = async (): Promise<void> => {
        if (closed) return;
        const next = new Driver.Client(listenerOptions(strapi));
        client = next;
        let dropped = false;
        const drop = (reason: string) => {
          if (dropped) return;
          dropped = true;
          handlers.disconnected();
          next.removeAllListeners('notification');
          next.end().catch(() => undefined);
          if (closed) return;
          warn(`${reason}; reconnecting`);
          const delay = backoff(attempt);
          attempt += 1;
          timer = setTimeout(() => void open(), delay);
          timer.unref?.();
        };
        next.on('error', (error: Error) => drop(`connection lost (${redact(strapi, error.message)})`));
        next.on('end', () => drop('connection ended'));
        next.on('notification', (message: { channel: string; payload?: string }) => {
          if (message.channel !== PG_CHANNEL || !message.payload) return;
          const parsed = parseNotification(message.payload);
          if (parsed) handlers.signal(parsed.id, parsed.inline);
        });
        try {
          await next.connect();
          await next.query(`LISTEN ${PG_CHANNEL}`);
        } catch (error) {
          drop(`could not listen (${redact(strapi, (error as Error).message)})`);
          return;
        }
        if (closed) {
          await next.end().catch(() => undefined);
          return;
        }
        if (attempt > 0) strapi.log.info('[whatsapp] live updates (postgres): listening again');
        attempt = 0;
        lastError = '';
        handlers.connected();
      };
      await open();
    },

    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const current = client;
      client = undefined;
      if (current) {
        current.removeAllListeners('end');
        current.removeAllListeners('notification');
        await current.end().catch(() => undefined);
      }
    },
  };
}

export function postgresTransport(strapi: Core.Strapi): LiveTransport {
  return journalTransport(strapi, 'postgres', postgresSignal(strapi));
}

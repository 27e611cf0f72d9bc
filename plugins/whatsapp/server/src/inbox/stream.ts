import crypto from 'crypto';
import { PassThrough } from 'stream';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { ACTIONS } from '../../../shared/permissions';
import { getService } from '../core/get-service';

/**
 * The live timeline: a Server-Sent Events hub for the admin.
 *
 * Auth: EventSource cannot send an Authorization header, so an authenticated admin first asks for
 * a stream token (POST /whatsapp/stream/token, messages-read). The token is an HMAC-signed
 * {user, expiry} good for 60 seconds and for this stream only; when the stream opens, the user is
 * re-read and must still be active and allowed to read messages. A connection lives at most
 * 30 minutes (the admin JWT's life), then the server says `bye` and the client reconnects with a
 * fresh token: a revoked user drops off within that time.
 *
 * Delivery: every event gets an id `<boot>-<seq>`. The last 500 events are kept in memory; a
 * client that reconnects with Last-Event-ID gets what it missed, or a `reset` telling it to
 * refetch when the gap is older than the buffer or the server restarted. Heartbeat comments every
 * 15 s keep proxies from closing idle streams.
 */

export const STREAM_TOKEN_TTL_MS = 60_000;
export const STREAM_MAX_LIFETIME_MS = 30 * 60_000;
const HEARTBEAT_MS = 15_000;
const REPLAY_BUFFER = 500;
const RETRY_MS = 3000;

interface Connection {
  id: number;
  userId: number;
  stream: PassThrough;
  timer: NodeJS.Timeout;
}

interface BufferedEvent {
  seq: number;
  name: string;
  /** Raw bus payload for message events (presented when sent), or the data itself. */
  messageId?: number;
  change?: string;
  data?: unknown;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const bootId = crypto.randomBytes(4).toString('hex');
  const connections = new Map<number, Connection>();
  const buffer: BufferedEvent[] = [];
  let seq = 0;
  let nextConnectionId = 1;
  let heartbeat: NodeJS.Timeout | undefined;
  let unsubscribe: (() => void)[] = [];

  const signingKey = () =>
    crypto
      .createHash('sha256')
      .update(`whatsapp-stream:${strapi.config.get('admin.auth.secret') ?? ''}`)
      .digest();

  const sign = (payload: string) => crypto.createHmac('sha256', signingKey()).update(payload).digest('base64url');

  const frame = (id: string | null, name: string, data: unknown) =>
    `${id ? `id: ${id}\n` : ''}event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;

  const eventId = (n: number) => `${bootId}-${n}`;

  function write(connection: Connection, chunk: string) {
    if (!connection.stream.writableEnded) connection.stream.write(chunk);
  }

  function close(connection: Connection, reason?: string) {
    clearTimeout(connection.timer);
    connections.delete(connection.id);
    if (!connection.stream.writableEnded) {
      if (reason) connection.stream.write(frame(null, 'bye', { reason }));
      connection.stream.end();
    }
    if (connections.size === 0 && heartbeat) {
      clearInterval(heartbeat);
      heartbeat = undefined;
    }
  }

  function remember(event: Omit<BufferedEvent, 'seq'>): BufferedEvent {
    seq += 1;
    const stored = { ...event, seq };
    buffer.push(stored);
    if (buffer.length > REPLAY_BUFFER) buffer.shift();
    return stored;
  }

  async function render(event: BufferedEvent): Promise<string | null> {
    if (event.messageId === undefined) return frame(eventId(event.seq), event.name, event.data);
    const presented = await getService(strapi, 'message-view').presentById(event.messageId);
    if (!presented) return null;
    return frame(eventId(event.seq), event.name, {
      change: event.change,
      message: presented.view,
      customerDocumentId: presented.customerDocumentId,
    });
  }

  // Events are written in the order they happened, even though presenting one reads the database.
  let queue: Promise<void> = Promise.resolve();
  function fanOut(event: BufferedEvent): Promise<void> {
    queue = queue
      .then(() => deliver(event))
      .catch((error) => {
        strapi.log.error(`[whatsapp] live stream: ${(error as Error).message}`);
      });
    return queue;
  }

  async function deliver(event: BufferedEvent) {
    if (connections.size === 0) return;
    const chunk = await render(event);
    if (!chunk) return;
    for (const connection of connections.values()) write(connection, chunk);
  }

  /** Events the client missed since `lastEventId`, or null when it must refetch instead. */
  function missedSince(lastEventId: string | undefined): BufferedEvent[] | null {
    if (!lastEventId) return [];
    const [boot, n] = lastEventId.split('-');
    const last = Number(n);
    if (boot !== bootId || !Number.isInteger(last) || last > seq) return null;
    if (last === seq) return [];
    const oldest = buffer[0]?.seq ?? seq + 1;
    if (last + 1 < oldest) return null;
    return buffer.filter((e) => e.seq > last);
  }

  return {
    /** Subscribes to the plugin's event bus; called from bootstrap. */
    start() {
      const events = getService(strapi, 'events');
      for (const name of ['message.created', 'message.updated'] as const) {
        unsubscribe.push(
          events.on(name, (payload) => fanOut(remember({ name, messageId: payload.id, change: payload.change })))
        );
      }
    },

    /** Sends a non-message event (e.g. conversation.read) to every open stream. */
    broadcast(name: string, data: unknown) {
      void fanOut(remember({ name, data }));
    },

    issueToken(userId: number): { token: string; expiresAt: string } {
      const expiresAt = Date.now() + STREAM_TOKEN_TTL_MS;
      const payload = Buffer.from(JSON.stringify({ u: userId, e: expiresAt, p: 'stream' })).toString('base64url');
      return { token: `${payload}.${sign(payload)}`, expiresAt: new Date(expiresAt).toISOString() };
    },

    /** The user a token was issued to, re-checked now: active and still allowed to read messages. */
    async authenticate(token: unknown): Promise<{ id: number }> {
      const refuse = () => new errors.UnauthorizedError('Invalid or expired stream token: request a new one (POST /whatsapp/stream/token)');
      if (typeof token !== 'string' || token.length > 512 || !token.includes('.')) throw refuse();
      const [payload, signature] = token.split('.');
      const expected = Buffer.from(sign(payload));
      const given = Buffer.from(signature ?? '');
      if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) throw refuse();
      let claims: { u?: unknown; e?: unknown; p?: unknown };
      try {
        claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      } catch {
        throw refuse();
      }
      if (claims.p !== 'stream' || typeof claims.u !== 'number' || typeof claims.e !== 'number' || claims.e < Date.now()) {
        throw refuse();
      }
      const user = await strapi.db.query('admin::user').findOne({ where: { id: claims.u }, select: ['id', 'isActive', 'blocked'] });
      if (!user || !user.isActive || user.blocked) throw refuse();
      const ability = await strapi.service('admin::permission').engine.generateUserAbility(user);
      if (!ability.can(ACTIONS.messagesRead)) throw new errors.ForbiddenError('You are not allowed to read WhatsApp messages');
      return { id: user.id };
    },

    /** Opens a stream for an authenticated user; the returned stream is the response body. */
    async open(userId: number, lastEventId?: string): Promise<PassThrough> {
      const stream = new PassThrough();
      const connection: Connection = {
        id: nextConnectionId++,
        userId,
        stream,
        timer: setTimeout(() => close(connection, 'lifetime'), STREAM_MAX_LIFETIME_MS),
      };
      connection.timer.unref?.();
      stream.on('close', () => close(connection));
      stream.write(`retry: ${RETRY_MS}\n\n`);

      const missed = missedSince(lastEventId);
      connections.set(connection.id, connection);
      if (!heartbeat) {
        heartbeat = setInterval(() => {
          for (const c of connections.values()) write(c, `: ping ${Date.now()}\n\n`);
        }, HEARTBEAT_MS);
        heartbeat.unref?.();
      }
      if (missed === null) {
        write(connection, frame(eventId(seq), 'reset', { reason: 'gap' }));
      } else {
        // Replay what was missed; several updates of one message collapse into its latest state.
        const seen = new Set<number>();
        const latestFirst = [...missed].reverse().filter((e) => {
          if (e.messageId === undefined) return true;
          if (seen.has(e.messageId)) return false;
          seen.add(e.messageId);
          return true;
        });
        for (const event of latestFirst.reverse()) {
          const chunk = await render(event);
          if (chunk) write(connection, chunk);
        }
      }
      write(connection, frame(eventId(seq), 'ready', { connection: connection.id, serverTime: new Date().toISOString() }));
      return stream;
    },

    connectionCount(): number {
      return connections.size;
    },

    /** Ends every stream (plugin destroy): open SSE sockets would otherwise keep the server alive. */
    stop() {
      for (const connection of [...connections.values()]) close(connection, 'shutdown');
      for (const off of unsubscribe) off();
      unsubscribe = [];
      if (heartbeat) clearInterval(heartbeat);
      heartbeat = undefined;
    },
  };
};

import crypto from 'crypto';
import { PassThrough } from 'stream';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { ACTIONS } from '../../../shared/permissions';
import { UID } from '../../../shared/uids';
import { getService } from '../core/get-service';
import { createLiveTransport, type LiveEvent, type LivePayload, type LiveTransport } from '../core/live';

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
 * Delivery: events go through the live bus (core/live): in-process on SQLite, shared by every
 * instance on PostgreSQL (LISTEN/NOTIFY) or Redis, so a browser hears about a webhook whichever
 * instance applied it. An instance writes an event to its streams only when it comes back from the
 * bus, the publishing instance included: same order and same ids everywhere, and no echo. Each
 * connection keeps the seq of the last event it got; a client that reconnects with Last-Event-ID,
 * to any instance, gets what it missed (from the bus's replay: memory buffer or journal), or a
 * `reset` telling it to refetch when that is gone. Heartbeat comments every 15 s keep proxies from
 * closing idle streams.
 */

export const STREAM_TOKEN_TTL_MS = 60_000;
export const STREAM_MAX_LIFETIME_MS = 30 * 60_000;
const HEARTBEAT_MS = 15_000;
const RETRY_MS = 3000;

interface Connection {
  id: number;
  userId: number;
  /** What this user may see (tenancy/scope.ts); events of other tenants never reach the stream. */
  visible: Visibility;
  stream: PassThrough;
  timer: NodeJS.Timeout;
  /** The seq of the newest event this connection has (been told it has): later ones only. */
  cursor: number;
}

const MESSAGE_EVENTS = ['message.created', 'message.updated'] as const;

/** A connection's scope: everything, or its tenants and their numbers (conversation keys start with the number's id). */
interface Visibility {
  all: boolean;
  tenantIds: Set<number>;
  phoneNumberIds: Set<string>;
}

/** An event rendered once for every connection; each gets the part it may see. */
interface Rendered {
  id: string;
  name: string;
  data: any;
  /** A message event's tenant. */
  tenantId?: number | null;
}

const numberOfKey = (key: unknown) => (typeof key === 'string' ? key.split(':')[0] : '');

/** The frame data this connection may see: a message of its tenants, the conversations of its numbers; null for none. */
function visibleData(rendered: Rendered, visible: Visibility): unknown | null {
  if (visible.all) return rendered.data;
  if (rendered.tenantId !== undefined) return rendered.tenantId !== null && visible.tenantIds.has(rendered.tenantId) ? rendered.data : null;
  const data = rendered.data ?? {};
  if (Array.isArray(data.conversations)) {
    const conversations = data.conversations.filter((c: { conversationKey?: string }) => visible.phoneNumberIds.has(numberOfKey(c.conversationKey)));
    return conversations.length ? { ...data, conversations } : null;
  }
  if (data.note) return visible.phoneNumberIds.has(numberOfKey(data.note.conversationKey)) ? data : null;
  // An event about no conversation in particular carries nothing of a tenant's.
  return data;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const connections = new Map<number, Connection>();
  let nextConnectionId = 1;
  let heartbeat: NodeJS.Timeout | undefined;
  let subscribed = false;

  let transport: LiveTransport | undefined;
  let ready: Promise<void> = Promise.resolve();
  /** The newest seq handed to this instance's streams: replay covers up to it, live delivery after. */
  let lastSeq = 0;
  /** The newest seq this instance published (settled() waits until it came back). */
  let lastPublished = 0;
  let publishing: Promise<void> = Promise.resolve();

  const signingKey = () =>
    crypto
      .createHash('sha256')
      .update(`whatsapp-stream:${strapi.config.get('admin.auth.secret') ?? ''}`)
      .digest();

  const sign = (payload: string) => crypto.createHmac('sha256', signingKey()).update(payload).digest('base64url');

  const frame = (id: string | null, name: string, data: unknown) =>
    `${id ? `id: ${id}\n` : ''}event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;

  const eventId = (n: number) => transport!.idOf(n);

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

  async function render(event: LiveEvent): Promise<Rendered | null> {
    const { messageId, change, data } = event.payload;
    if (messageId === undefined) return { id: eventId(event.seq), name: event.name, data };
    const presented = await getService(strapi, 'message-view').presentById(messageId);
    if (!presented) return null;
    return {
      id: eventId(event.seq),
      name: event.name,
      data: { change, message: presented.view, customerDocumentId: presented.customerDocumentId },
      tenantId: presented.tenantId,
    };
  }

  function writeRendered(connection: Connection, rendered: Rendered | null) {
    if (!rendered) return;
    const data = visibleData(rendered, connection.visible);
    if (data !== null) write(connection, frame(rendered.id, rendered.name, data));
  }

  async function visibilityOf(userId: number): Promise<Visibility> {
    const scope = await getService(strapi, 'tenancy').scopeFor({ id: userId }, ACTIONS.messagesRead);
    if (scope.all) return { all: true, tenantIds: new Set(), phoneNumberIds: new Set() };
    const tenants = scope.tenantIds.length
      ? await strapi.db.query(UID.tenant).findMany({ where: { id: { $in: scope.tenantIds } }, select: ['id'], populate: { phoneNumber: { select: ['phoneNumberId'] } } })
      : [];
    return {
      all: false,
      tenantIds: new Set(scope.tenantIds),
      phoneNumberIds: new Set(tenants.map((t: { phoneNumber?: { phoneNumberId?: string } | null }) => t.phoneNumber?.phoneNumberId).filter(Boolean) as string[]),
    };
  }

  // Events are written in the order they happened, even though presenting one reads the database;
  // a connection joins in the same queue, so each event reaches it once (replayed or live).
  let queue: Promise<void> = Promise.resolve();
  function inOrder(task: () => Promise<void>): Promise<void> {
    const run = queue.then(task);
    queue = run.catch((error) => {
      strapi.log.error(`[whatsapp] live stream: ${(error as Error).message}`);
    });
    return run;
  }

  /**
   * Presenting an event reads the database; done one after another, that caps an instance at
   * one read's worth of events per second whatever the load (measured by bench/scale: a backlog
   * of seconds at ~25 events/s on a busy machine). So an event starts rendering when it arrives,
   * a few at a time, and is written in order once its turn comes.
   */
  const RENDER_AHEAD = 4;
  let rendering = 0;
  const renderSlots: Array<() => void> = [];
  async function renderAhead(event: LiveEvent): Promise<Rendered | null> {
    if (rendering >= RENDER_AHEAD) await new Promise<void>((resolve) => renderSlots.push(resolve));
    rendering += 1;
    try {
      return await render(event);
    } finally {
      rendering -= 1;
      renderSlots.shift()?.();
    }
  }

  function arrived(event: LiveEvent) {
    // Nobody listening here: no read ahead (deliver reads it if a stream joined meanwhile).
    const rendered = connections.size > 0 ? renderAhead(event) : undefined;
    rendered?.catch(() => undefined); // reported by deliver, in its turn
    void inOrder(() => deliver(event, rendered));
  }

  async function deliver(event: LiveEvent, prepared?: Promise<Rendered | null>) {
    lastSeq = Math.max(lastSeq, event.seq);
    const targets = [...connections.values()].filter((c) => c.cursor < event.seq);
    if (targets.length === 0) return;
    const rendered = await (prepared ?? render(event));
    for (const connection of targets) {
      connection.cursor = event.seq;
      writeRendered(connection, rendered);
    }
  }

  function publish(name: string, payload: LivePayload) {
    const bus = transport;
    if (!bus) return;
    // In order, without waiting for the previous event to be written: a journal bus writes the
    // events published meanwhile together (core/live/journal.ts), keeping their order.
    const published = ready
      .then(() => bus.publish(name, payload))
      .then((seq) => {
        if (seq !== undefined) lastPublished = Math.max(lastPublished, seq);
      })
      .catch((error) => {
        strapi.log.error(`[whatsapp] live stream: ${(error as Error).message}`);
      });
    publishing = Promise.all([publishing, published]).then(() => undefined);
  }

  /** Replays what the client missed (or says reset), then adds it to the live connections. */
  async function join(connection: Connection, lastEventId: string | undefined) {
    const bus = transport!;
    let missed: LiveEvent[] | null = [];
    let cursor = lastSeq;
    if (lastEventId) {
      const after = bus.seqOf(lastEventId);
      missed = after === null ? null : await bus.replay(after, lastSeq);
      // A client coming from an instance that is ahead of this one already has those events.
      if (missed && after !== null) cursor = Math.max(after, lastSeq);
    }
    connections.set(connection.id, connection);
    if (!heartbeat) {
      heartbeat = setInterval(() => {
        for (const c of connections.values()) write(c, `: ping ${Date.now()}\n\n`);
      }, HEARTBEAT_MS);
      heartbeat.unref?.();
    }
    connection.cursor = cursor;
    if (missed === null) {
      write(connection, frame(eventId(cursor), 'reset', { reason: 'gap' }));
    } else {
      // Replay what was missed; several updates of one message collapse into its latest state.
      const seen = new Set<number>();
      const latestFirst = [...missed].reverse().filter((e) => {
        const id = e.payload.messageId;
        if (id === undefined) return true;
        if (seen.has(id)) return false;
        seen.add(id);
        return true;
      });
      for (const event of latestFirst.reverse()) writeRendered(connection, await render(event));
    }
    write(connection, frame(eventId(cursor), 'ready', { connection: connection.id, serverTime: new Date().toISOString() }));
  }

  return {
    /**
     * Chooses the live bus and starts listening (called from bootstrap); the bus's connection
     * opens once the HTTP server listens. Throws when WHATSAPP_LIVE_BUS asks for what is missing.
     */
    start() {
      const bus = createLiveTransport(strapi, getService(strapi, 'runtime').get().config);
      transport = bus;
      ready = bus
        .start(arrived)
        .then(() => {
          lastSeq = Math.max(lastSeq, bus.head());
        })
        .catch((error) => {
          strapi.log.error(`[whatsapp] live stream: could not start the ${bus.kind} bus: ${(error as Error).message}`);
        });
      getService(strapi, 'runtime').onServing(() => ready.then(() => (transport === bus ? bus.connect() : undefined)));
      if (subscribed) return;
      subscribed = true;
      const events = getService(strapi, 'events');
      for (const name of MESSAGE_EVENTS) {
        events.on(name, (payload) => publish(name, { messageId: payload.id, ...(payload.change ? { change: payload.change } : {}) }));
      }
    },

    /** Sends a non-message event (e.g. conversation.read) to every open stream, on every instance. */
    broadcast(name: string, data: unknown) {
      publish(name, { data });
    },

    /** Which bus carries the events: memory, postgres or redis. */
    busKind(): string | undefined {
      return transport?.kind;
    },

    /**
     * Resolves once every event this instance published so far has come back from the bus and
     * reached its streams (for tests, and for a shutdown that wants them out).
     */
    async settled(timeoutMs = 10_000): Promise<void> {
      await publishing;
      const deadline = Date.now() + timeoutMs;
      while (lastSeq < lastPublished && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      await queue;
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
      await ready;
      const visible = await visibilityOf(userId);
      const stream = new PassThrough();
      const connection: Connection = {
        id: nextConnectionId++,
        userId,
        visible,
        stream,
        cursor: 0,
        timer: setTimeout(() => close(connection, 'lifetime'), STREAM_MAX_LIFETIME_MS),
      };
      connection.timer.unref?.();
      stream.on('close', () => close(connection));
      stream.write(`retry: ${RETRY_MS}\n\n`);
      await inOrder(() => join(connection, lastEventId));
      return stream;
    },

    connectionCount(): number {
      return connections.size;
    },

    /**
     * Ends every stream and stops receiving (plugin destroy): open SSE sockets would otherwise keep
     * the server alive. Events emitted afterwards (the shutdown's last webhooks) are still
     * published for the other instances; flush() waits for them.
     */
    async stop(): Promise<void> {
      for (const connection of [...connections.values()]) close(connection, 'shutdown');
      if (heartbeat) clearInterval(heartbeat);
      heartbeat = undefined;
      await transport?.stop();
    },

    /** Waits for the events still being published (the end of plugin destroy). */
    async flush(): Promise<void> {
      await publishing;
    },
  };
};

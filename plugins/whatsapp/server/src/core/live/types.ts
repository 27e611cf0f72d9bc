/**
 * The live bus: how the admin's live updates (inbox/stream.ts) reach the Server-Sent Events
 * clients of every Strapi instance, whichever instance caused them. Three transports share one
 * interface (docs/inbox.md#live-updates-across-instances):
 *
 * - `memory`: in-process, with a replay buffer in memory (SQLite, or a single instance);
 * - `postgres`: a journal table (`whatsapp_live_events`) plus `LISTEN/NOTIFY`;
 * - `redis`: the same journal, with Redis pub/sub as the wake-up signal.
 *
 * Every instance, the publishing one included, delivers an event only when it comes back from
 * the transport: the same events, in the same order, with the same ids everywhere, so a client
 * can resume (Last-Event-ID) on any instance and nothing is delivered twice.
 */

export type LiveBusKind = 'memory' | 'postgres' | 'redis';

/** What an instance hands its SSE clients; `seq` orders events (and is the client's cursor). */
export interface LiveEvent {
  seq: number;
  name: string;
  payload: LivePayload;
}

/**
 * Small on purpose: a message event names the message and each instance presents it from the
 * database when it has clients; other events (conversation.read) carry their data.
 */
export interface LivePayload {
  messageId?: number;
  change?: string;
  data?: unknown;
}

export interface LiveTransport {
  readonly kind: LiveBusKind;
  /** Resolves once the transport knows where the stream stands (the newest event's seq). */
  start(deliver: (event: LiveEvent) => void): Promise<void>;
  /** Runs once the HTTP server listens (a CLI command never opens a listening connection). */
  connect(): Promise<void>;
  /** Sends an event to every instance; resolves with its seq (undefined when it could not). */
  publish(name: string, payload: LivePayload): Promise<number | undefined>;
  /** The newest seq known when the transport started (events before it are not delivered). */
  head(): number;
  /** The wire id of an event (SSE `id:`). */
  idOf(seq: number): string;
  /** The seq a client's Last-Event-ID stands for, or null when it is not one of this bus's ids. */
  seqOf(id: string): number | null;
  /** The events after `after` up to `upTo`, in order; null when some are gone (the client refetches). */
  replay(after: number, upTo: number): Promise<LiveEvent[] | null>;
  stop(): Promise<void>;
}

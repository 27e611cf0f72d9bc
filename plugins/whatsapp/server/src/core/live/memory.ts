import crypto from 'crypto';
import type { LiveEvent, LivePayload, LiveTransport } from './types';

/** How many events a reconnecting client can catch up on; older gaps get `reset`. */
export const MEMORY_REPLAY_BUFFER = 500;

/**
 * The in-process bus (SQLite, or one instance): events live in this process only. Ids are
 * `<boot>-<seq>`, so an id from before a restart (or from another process) is recognised as
 * foreign and the client is told to refetch.
 */
export function memoryTransport(): LiveTransport {
  const bootId = crypto.randomBytes(4).toString('hex');
  const buffer: LiveEvent[] = [];
  let seq = 0;
  let deliver: ((event: LiveEvent) => void) | undefined;

  return {
    kind: 'memory',

    async start(onEvent) {
      deliver = onEvent;
    },

    async connect() {},

    async publish(name: string, payload: LivePayload) {
      seq += 1;
      const event = { seq, name, payload };
      buffer.push(event);
      if (buffer.length > MEMORY_REPLAY_BUFFER) buffer.shift();
      deliver?.(event);
      return seq;
    },

    head: () => 0,

    idOf: (n: number) => `${bootId}-${n}`,

    seqOf(id: string) {
      const match = /^([0-9a-f]+)-(\d{1,15})$/.exec(id);
      if (!match || match[1] !== bootId) return null;
      const n = Number(match[2]);
      return n <= seq ? n : null;
    },

    async replay(after: number, upTo: number) {
      if (after >= upTo) return [];
      const oldest = buffer[0]?.seq ?? seq + 1;
      if (after + 1 < oldest) return null;
      return buffer.filter((e) => e.seq > after && e.seq <= upTo);
    },

    async stop() {
      deliver = undefined;
    },
  };
}

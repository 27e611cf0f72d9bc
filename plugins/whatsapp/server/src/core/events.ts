import { EventEmitter } from 'events';
import type { Core } from '@strapi/strapi';
import { afterCommit } from './db';

/**
 * In-process notifications about the comms log, for listeners such as the admin's live timeline
 * (SSE). Payloads are small and carry ids, not whole rows: a listener that needs more reads it.
 * Listener errors are logged and never reach the emitter (a broken listener cannot fail a webhook).
 *
 * This bus stays within the process: its listeners (e.g. conversation states reopening on a new
 * message) must run once per event, on the instance that wrote it.
 * What the admin's other instances need to hear — the live timeline's events — the stream
 * republishes on the live bus (core/live), which reaches every instance.
 */
export interface MessageEvent {
  id: number;
  documentId: string;
  direction: 'inbound' | 'outbound';
  /** The message's `deliveryStatus`. */
  status: string;
  type?: string;
  conversationKey?: string | null;
  tenantId?: number | null;
  customerId?: number | null;
  wamid?: string | null;
  /** What changed, for message.updated: 'status' | 'reactions' | 'media' | … */
  change?: string;
}

const idOf = (value: unknown): number | null =>
  typeof value === 'number' ? value : value && typeof value === 'object' && 'id' in value ? Number((value as { id: number }).id) : null;

/** The event payload of a comms-log row; `tenant`/`customer` may be ids or populated relations. */
export function messageEventOf(row: any, change?: string): MessageEvent {
  return {
    id: row.id,
    documentId: row.documentId,
    direction: row.direction,
    status: row.deliveryStatus,
    type: row.type,
    conversationKey: row.conversationKey ?? null,
    tenantId: idOf(row.tenant),
    customerId: idOf(row.customer),
    wamid: row.wamid ?? null,
    ...(change ? { change } : {}),
  };
}

export interface CustomerEvent {
  id: number;
  documentId: string;
  tenantId?: number | null;
  change: 'created' | 'opt-out' | 'opt-in' | 'updated';
}

export interface WebhookEventNotice {
  id: number;
  /** The event's `processingStatus`. */
  status: string;
}

export interface PluginEvents {
  'message.created': MessageEvent;
  'message.updated': MessageEvent;
  'customer.changed': CustomerEvent;
  'webhook.processed': WebhookEventNotice;
}

export type PluginEventName = keyof PluginEvents;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const emitter = new EventEmitter();
  // Each SSE connection adds a listener; the default limit of 10 would print leak warnings.
  emitter.setMaxListeners(0);

  const deliver = <E extends PluginEventName>(name: E, payload: PluginEvents[E]) => {
    for (const listener of emitter.listeners(name)) {
      try {
        const result = (listener as (p: PluginEvents[E]) => unknown)(payload);
        if (result && typeof (result as Promise<unknown>).catch === 'function') {
          (result as Promise<unknown>).catch((error) => strapi.log.error(`[whatsapp] ${name} listener failed: ${(error as Error).message}`));
        }
      } catch (error) {
        strapi.log.error(`[whatsapp] ${name} listener failed: ${(error as Error).message}`);
      }
    }
  };

  return {
    /** Delivered after the current transaction commits, so listeners only see committed rows. */
    emit<E extends PluginEventName>(name: E, payload: PluginEvents[E]): void {
      afterCommit(strapi, () => deliver(name, payload));
    },

    /** Subscribes; returns the function that unsubscribes. */
    on<E extends PluginEventName>(name: E, listener: (payload: PluginEvents[E]) => unknown): () => void {
      emitter.on(name, listener);
      return () => emitter.off(name, listener);
    },

    /** Whether anyone listens: an emitter can skip building a payload nobody will read. */
    hasListeners(name: PluginEventName): boolean {
      return emitter.listenerCount(name) > 0;
    },

    removeAll(): void {
      emitter.removeAllListeners();
    },
  };
};

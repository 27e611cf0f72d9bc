import { useFetchClient } from '@strapi/strapi/admin';
import { useEffect, useRef, useState } from 'react';
import type { StreamToken } from '../../../shared/contracts/conversations';

/**
 * One Server-Sent Events connection per browser tab, shared by every component that listens
 * (the inbox, the customer panel). EventSource cannot send the admin's Authorization header, so
 * the connection starts with an authenticated POST for a short-lived stream token.
 *
 * After a drop (network, server restart, the server's 30-minute limit) it reconnects with a new
 * token and the id of the last event it saw; the server replays what was missed or sends
 * `reset`, and listeners then refetch. A first connection also counts as a reset: events between
 * the page's REST load and the stream's start would otherwise be lost.
 */

export type LiveEventName = 'message.created' | 'message.updated' | 'conversation.read' | 'conversation.updated' | 'conversation.note' | 'reset';
export type LiveListener = (name: LiveEventName, data: any) => void;
export type LiveState = 'connecting' | 'open' | 'closed';

const EVENTS: LiveEventName[] = ['message.created', 'message.updated', 'conversation.read', 'conversation.updated', 'conversation.note'];
const MAX_BACKOFF_MS = 30_000;

type TokenFetcher = () => Promise<StreamToken.Response['data']>;

const backendUrl = () => ((window as any).strapi?.backendURL as string | undefined)?.replace(/\/+$/, '') ?? '';

class LiveConnection {
  private listeners = new Set<LiveListener>();
  private stateListeners = new Set<(state: LiveState) => void>();
  private source: EventSource | null = null;
  private lastEventId: string | null = null;
  private attempts = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private fetchToken: TokenFetcher | null = null;
  state: LiveState = 'closed';

  subscribe(listener: LiveListener, fetchToken: TokenFetcher, onState: (state: LiveState) => void): () => void {
    this.listeners.add(listener);
    this.stateListeners.add(onState);
    this.fetchToken = fetchToken;
    onState(this.state);
    if (!this.source && !this.timer) void this.connect();
    return () => {
      this.listeners.delete(listener);
      this.stateListeners.delete(onState);
      if (this.listeners.size === 0) this.shutdown();
    };
  }

  private setState(state: LiveState) {
    this.state = state;
    for (const listener of this.stateListeners) listener(state);
  }

  private emit(name: LiveEventName, data: unknown) {
    for (const listener of [...this.listeners]) {
      try {
        listener(name, data);
      } catch (error) {
        console.error('[whatsapp] live event listener failed', error);
      }
    }
  }

  private async connect() {
    this.timer = null;
    if (this.listeners.size === 0 || !this.fetchToken) return;
    this.setState('connecting');
    let url: string;
    try {
      const token = await this.fetchToken();
      url = `${backendUrl()}${token.url}${this.lastEventId ? `&lastEventId=${encodeURIComponent(this.lastEventId)}` : ''}`;
    } catch {
      this.scheduleReconnect();
      return;
    }
    if (this.listeners.size === 0) return;
    const source = new EventSource(url);
    this.source = source;
    const resumed = Boolean(this.lastEventId);

    source.addEventListener('ready', (event) => {
      this.attempts = 0;
      this.lastEventId = (event as MessageEvent).lastEventId || this.lastEventId;
      this.setState('open');
      if (!resumed) this.emit('reset', { reason: 'connected' });
    });
    for (const name of EVENTS) {
      source.addEventListener(name, (event) => {
        const message = event as MessageEvent;
        if (message.lastEventId) this.lastEventId = message.lastEventId;
        try {
          this.emit(name, JSON.parse(message.data));
        } catch {
          /* a malformed frame is dropped; the next reset refetches */
        }
      });
    }
    source.addEventListener('reset', (event) => {
      this.lastEventId = (event as MessageEvent).lastEventId || null;
      this.emit('reset', { reason: 'gap' });
    });
    // `bye` (server shutdown or the connection's time limit) and errors: reconnect with a new token.
    source.addEventListener('bye', () => this.drop());
    source.onerror = () => this.drop();
  }

  private drop() {
    this.source?.close();
    this.source = null;
    this.setState('closed');
    this.scheduleReconnect();
  }

  private scheduleReconnect() {
    if (this.listeners.size === 0 || this.timer) return;
    const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** this.attempts) * (0.75 + Math.random() * 0.5);
    this.attempts += 1;
    this.timer = setTimeout(() => void this.connect(), delay);
  }

  private shutdown() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.source?.close();
    this.source = null;
    this.setState('closed');
  }
}

const connection = new LiveConnection();

/** Calls `onEvent` for every live event while mounted; returns the connection state. */
export function useLiveEvents(onEvent: LiveListener): LiveState {
  const { post } = useFetchClient();
  const [state, setState] = useState<LiveState>(connection.state);
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const postRef = useRef(post);
  postRef.current = post;

  useEffect(
    () =>
      connection.subscribe(
        (name, data) => handler.current(name, data),
        async () => (await postRef.current<StreamToken.Response>('/whatsapp/stream/token', {})).data.data,
        setState
      ),
    []
  );
  return state;
}

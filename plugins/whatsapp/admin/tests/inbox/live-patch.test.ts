/**
 * A live event patched into a loaded timeline must survive a fetch of that timeline already
 * under way. Sending starts one (the send settles, the timeline refetches); the sandbox or Meta can
 * answer "failed" before that fetch returns. The fetch read the database before the failure, and a
 * failed send gets no later status, so without care its bubble would stay "sending" for good.
 * Runs react-query's own QueryClient with a server the test answers by hand.
 */
import { QueryClient } from '@tanstack/react-query';
import type { GetTimeline, MessageView } from '../../../shared/contracts/conversations';
import { applyMessageToTimelines, inboxKeys, type TimelineData } from '../../src/api/inbox';
import { customer } from '../fixtures';

function message(overrides: Partial<MessageView> = {}): MessageView {
  return {
    id: 7, documentId: 'msg-7', wamid: null, conversationKey: '1000001:34666778899', direction: 'outbound', type: 'text', status: 'queued',
    occurredAt: '2026-12-04T10:00:00.000Z', statusTimes: {}, body: '¡Claro! Te las guardamos', caption: null, payload: null, media: null,
    template: null, replyTo: null, forwarded: false, reactions: [], businessPhoneNumberId: '1000001', businessDisplayPhoneNumber: '+34 600 000 001',
    customerPhone: null, profileName: null, author: null, automation: null, error: null, retryable: false, ...overrides,
  };
}

const page = (messages: MessageView[]): GetTimeline.Response => ({
  data: { customer: customer({ documentId: 'cust-1' }) as any, messages, windows: [], unread: 0 },
  meta: { hasMore: false, nextCursor: null, serverTime: '2026-12-04T10:00:00.000Z' },
});

/** What the database holds now; each request answers with what it held when the request was read. */
function handServer(initial: MessageView) {
  let stored = initial;
  const waiting: Array<() => void> = [];
  return {
    store(next: MessageView) {
      stored = next;
    },
    queryFn: () => {
      const snapshot = page([stored]);
      return new Promise<GetTimeline.Response>((resolve) => waiting.push(() => resolve(snapshot)));
    },
    requests: () => waiting.length,
    /** Answers every request made so far, oldest first, and lets react-query settle. */
    async answerAll() {
      while (waiting.length) waiting.shift()!();
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
  };
}

const statusIn = (client: QueryClient, key: readonly unknown[]) =>
  client.getQueryData<TimelineData>(key)?.pages[0].data.messages.map((m) => m.status);

describe('live patches of a loaded timeline', () => {
  const key = inboxKeys.timeline('cust-1');
  let client: QueryClient;

  beforeEach(() => {
    client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  });
  afterEach(() => client.clear());

  async function loaded(server: ReturnType<typeof handServer>) {
    const first = client.fetchInfiniteQuery({ queryKey: key, queryFn: server.queryFn, initialPageParam: null, getNextPageParam: () => undefined });
    await server.answerAll();
    await first;
  }

  it('keeps a "failed" that arrives while an older fetch of the timeline is still under way', async () => {
    const server = handServer(message({ status: 'queued' }));
    await loaded(server);

    // The send settles and the timeline refetches; that request reads "queued".
    void client.refetchQueries({ queryKey: key });
    expect(server.requests()).toBe(1);
    // Meta refuses the send; the event arrives before the fetch returns.
    const failed = message({ status: 'failed', error: { code: 131026, title: 'Message undeliverable' } as any });
    server.store(failed);
    applyMessageToTimelines(client, 'cust-1', failed);
    expect(statusIn(client, key)).toEqual(['failed']);

    await server.answerAll();
    await server.answerAll();
    expect(statusIn(client, key)).toEqual(['failed']);
  });

  it('patches a timeline at rest without asking the server again', async () => {
    const server = handServer(message({ status: 'sent' }));
    await loaded(server);

    applyMessageToTimelines(client, 'cust-1', message({ status: 'delivered' }));
    expect(statusIn(client, key)).toEqual(['delivered']);
    expect(server.requests()).toBe(0);
  });
});

import type { Sandbox } from '..';
import { api, PNID, startSandbox, templateMessage, textMessage, WABA_ID } from './helpers';

describe('sandbox fault injection', () => {
  let sandbox: Sandbox;
  beforeEach(async () => {
    sandbox = await startSandbox({ enforceWindow: false });
  });
  afterEach(() => sandbox.close());

  const sendText = () => api(sandbox, 'POST', `/${PNID}/messages`, textMessage('+34611222333'));

  it('fails the next N matching calls with a Meta-shaped error, then recovers', async () => {
    sandbox.injectFault({ kind: 'error', status: 503, code: 131016, title: 'Service unavailable', details: 'try later', count: 2, path: '/messages' });

    const first = await sendText();
    // A non-matching path is untouched and does not use up the fault.
    const other = await api(sandbox, 'GET', `/${WABA_ID}/phone_numbers`);
    const second = await sendText();
    const third = await sendText();

    expect(first.status).toBe(503);
    expect(first.json).toEqual({
      error: {
        message: '(#131016) Service unavailable',
        type: 'OAuthException',
        code: 131016,
        error_data: { messaging_product: 'whatsapp', details: 'try later' },
        fbtrace_id: expect.any(String),
      },
    });
    expect(other.status).toBe(200);
    expect(second.status).toBe(503);
    expect(third.status).toBe(200);
    expect(sandbox.sent).toHaveLength(1);
  });

  it('with sendsOnly, lets read receipts and typing indicators through and refuses the next send', async () => {
    sandbox.injectFault({ kind: 'error', status: 400, code: 131026, method: 'POST', path: '/messages', sendsOnly: true, count: 1 });

    const receipt = await api(sandbox, 'POST', `/${PNID}/messages`, { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.unknown' });
    const typing = await api(sandbox, 'POST', `/${PNID}/messages`, {
      messaging_product: 'whatsapp',
      status: 'read',
      message_id: 'wamid.unknown',
      typing_indicator: { type: 'text' },
    });
    const refused = await sendText();
    const next = await sendText();

    expect(receipt.json?.error?.code).not.toBe(131026);
    expect(typing.json?.error?.code).not.toBe(131026);
    expect(refused.status).toBe(400);
    expect(refused.json.error.code).toBe(131026);
    expect(next.status).toBe(200);
  });

  it('filters by method and by RegExp path', async () => {
    sandbox.injectFault({ kind: 'error', code: 100, method: 'GET', path: /\/phone_numbers$/ });
    expect((await sendText()).status).toBe(200);
    const refused = await api(sandbox, 'GET', `/${WABA_ID}/phone_numbers`);
    expect(refused.status).toBe(400);
    expect(refused.json.error.code).toBe(100);
    // Without count or rate the fault stays until cleared.
    expect((await api(sandbox, 'GET', `/${WABA_ID}/phone_numbers`)).status).toBe(400);
    sandbox.clearFaults();
    expect((await api(sandbox, 'GET', `/${WABA_ID}/phone_numbers`)).status).toBe(200);
  });

  it('applies a rate share of matching calls', async () => {
    sandbox.injectFault({ kind: 'error', status: 500, rate: 0.5, path: `/${WABA_ID}/phone_numbers` });
    const results = await Promise.all(Array.from({ length: 200 }, () => api(sandbox, 'GET', `/${WABA_ID}/phone_numbers`)));
    const failed = results.filter((r) => r.status === 500);
    // Binomial(200, 0.5): outside 50..150 has a probability far below 1e-12.
    expect(failed.length).toBeGreaterThan(50);
    expect(failed.length).toBeLessThan(150);
    expect(failed[0].json.error.code).toBe(131000);

    sandbox.clearFaults();
    sandbox.injectFault({ kind: 'error', status: 500, rate: 0 });
    const none = await Promise.all(Array.from({ length: 20 }, () => api(sandbox, 'GET', `/${WABA_ID}/phone_numbers`)));
    expect(none.every((r) => r.status === 200)).toBe(true);
  });

  it('sends Retry-After when asked', async () => {
    sandbox.injectFault({ kind: 'error', code: 130429, retryAfterSeconds: 7, count: 1 });
    const limited = await sendText();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(limited.json.error.message).toBe('(#130429) Rate limit hit');
  });

  it('never answers a timeout fault (the caller gives up), and close() still finishes', async () => {
    sandbox.injectFault({ kind: 'timeout', count: 1 });
    await expect(
      fetch(`${sandbox.url}/v25.0/${PNID}/messages`, {
        method: 'POST',
        headers: { Authorization: 'Bearer test-token-abc', 'Content-Type': 'application/json' },
        body: JSON.stringify(templateMessage('x', 'es')),
        signal: AbortSignal.timeout(300),
      })
    ).rejects.toMatchObject({ name: expect.stringMatching(/TimeoutError|AbortError/) });
    expect(sandbox.sent).toHaveLength(0);
    // The next call is answered normally.
    expect((await sendText()).status).toBe(200);
  });

  it('resets the connection for a reset fault', async () => {
    sandbox.injectFault({ kind: 'reset', count: 1, path: '/messages' });
    await expect(sendText()).rejects.toThrow(/fetch failed/);
    expect((await sendText()).status).toBe(200);
  });

  it('reset() clears faults and sent messages but keeps the numbers', async () => {
    await sendText();
    sandbox.injectFault({ kind: 'error', code: 131000 });
    sandbox.reset();
    expect(sandbox.sent).toHaveLength(0);
    expect((await sendText()).status).toBe(200);
  });
});

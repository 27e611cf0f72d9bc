import type { Sandbox } from '..';
import { api, PNID, PNID_2, startSandbox, textMessage } from './helpers';

describe('sandbox throughput (token bucket per phone number)', () => {
  let sandbox: Sandbox;
  // The limiter's clock stands still unless a test moves it, so a slow machine cannot refill the
  // bucket in the middle of a burst.
  let now: number;
  beforeEach(async () => {
    now = 1_000_000;
    sandbox = await startSandbox({ clock: () => now });
  });
  afterEach(() => sandbox.close());

  const burst = (phoneNumberId: string, size: number) =>
    Promise.all(Array.from({ length: size }, (_, i) => api(sandbox, 'POST', `/${phoneNumberId}/messages`, textMessage(`+3461100${String(i).padStart(4, '0')}`))));

  it('answers 130429 once a burst exceeds 80 per second, then lets the number send again a second later', async () => {
    const results = await burst(PNID, 200);
    const accepted = results.filter((r) => r.status === 200);
    const limited = results.filter((r) => r.status === 429);

    expect(accepted.length + limited.length).toBe(200);
    expect(accepted.length).toBe(80);
    expect(limited.length).toBe(120);
    expect(limited[0].json.error).toMatchObject({
      message: '(#130429) Rate limit hit',
      type: 'OAuthException',
      code: 130429,
      error_data: { messaging_product: 'whatsapp' },
    });
    expect(typeof limited[0].json.error.fbtrace_id).toBe('string');
    // Refused sends are not recorded as sent.
    expect(sandbox.sent).toHaveLength(accepted.length);

    now += 1100;
    const later = await api(sandbox, 'POST', `/${PNID}/messages`, textMessage('+34611999999'));
    expect(later.status).toBe(200);
  });

  it('keeps one bucket per number: exhausting one number does not slow another', async () => {
    const first = await burst(PNID, 200);
    expect(first.some((r) => r.status === 429)).toBe(true);

    const other = await api(sandbox, 'POST', `/${PNID_2}/messages`, textMessage('+34611000001'));
    expect(other.status).toBe(200);
  });

  it("honours a number's own throughputPerSecond", async () => {
    await sandbox.close();
    sandbox = await startSandbox({
      phoneNumbers: [{ id: PNID, displayPhoneNumber: '+34 600 000 001', throughputPerSecond: 3 }],
      clock: () => now,
    });
    const results = await burst(PNID, 20);
    const accepted = results.filter((r) => r.status === 200).length;
    expect(accepted).toBe(3);
  });
});

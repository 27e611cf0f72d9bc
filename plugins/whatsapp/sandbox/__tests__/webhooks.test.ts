import { createHmac } from 'node:crypto';
import { metaJsonStringify, signPayload, type Sandbox } from '..';
import { api, APP_SECRET, PNID, sleep, startReceiver, startSandbox, statusesOf, textMessage, WABA_ID, waitFor, type Receiver } from './helpers';

const hmacHex = (raw: Buffer | string) => `sha256=${createHmac('sha256', APP_SECRET).update(raw).digest('hex')}`;

describe('signing helpers', () => {
  it('signPayload is the HMAC-SHA256 of the exact bytes, hex, with the sha256= prefix', () => {
    expect(signPayload('{"a":1}', 'k')).toBe(`sha256=${createHmac('sha256', 'k').update('{"a":1}').digest('hex')}`);
    expect(signPayload(Buffer.from('{"a":1}'), 'k')).toBe(signPayload('{"a":1}', 'k'));
  });

  it('metaJsonStringify escapes every non-ASCII character as \\uXXXX, emoji as surrogate pairs', () => {
    const raw = metaJsonStringify({ name: 'Señora Núñez', emoji: '😀', plain: 'abc' });
    expect(raw).toBe('{"name":"Se\\u00f1ora N\\u00fa\\u00f1ez","emoji":"\\ud83d\\ude00","plain":"abc"}');
    expect(JSON.parse(raw)).toEqual({ name: 'Señora Núñez', emoji: '😀', plain: 'abc' });
  });
});

describe('sandbox webhooks', () => {
  let sandbox: Sandbox;
  let receiver: Receiver;
  beforeEach(async () => {
    receiver = await startReceiver();
    sandbox = await startSandbox({ webhookUrl: receiver.url });
  });
  afterEach(async () => {
    await sandbox.close();
    await receiver.close();
  });

  it('sends sent, delivered and read as signed Meta `messages` webhooks', async () => {
    sandbox.openWindow(PNID, '34611222333');
    const send = await api(sandbox, 'POST', `/${PNID}/messages`, textMessage('+34611222333'));
    const wamid = send.json.messages[0].id;

    await waitFor('three status webhooks', () => statusesOf(receiver.received).length === 3);
    for (const hook of receiver.received) {
      expect(hook.contentType).toBe('application/json');
      expect(hook.signature).toBe(hmacHex(hook.raw));
      expect(hook.json).toMatchObject({
        object: 'whatsapp_business_account',
        entry: [
          {
            id: WABA_ID,
            changes: [
              {
                field: 'messages',
                value: {
                  messaging_product: 'whatsapp',
                  metadata: { display_phone_number: '34600000001', phone_number_id: PNID },
                },
              },
            ],
          },
        ],
      });
    }
    const statuses = statusesOf(receiver.received);
    expect(statuses.map((s) => s.status).sort()).toEqual(['delivered', 'read', 'sent']);
    for (const status of statuses) {
      expect(status.id).toBe(wamid);
      expect(status.recipient_id).toBe('34611222333');
      expect(status.timestamp).toMatch(/^\d{10}$/);
    }
    const sent = statuses.find((s) => s.status === 'sent');
    expect(sent.pricing).toEqual({ billable: false, pricing_model: 'PMP', type: 'free_customer_service', category: 'service' });
    // v24.0+ drops the conversation object.
    expect(sent.conversation).toBeUndefined();
    await waitFor('recorded deliveries', () => sandbox.webhookDeliveries.length === 3);
    expect(sandbox.webhookDeliveries.every((d) => d.status === 200)).toBe(true);
  });

  it('keeps the conversation object on status webhooks for calls made with v23.0 or older', async () => {
    sandbox.openWindow(PNID, '34611222333');
    const response = await fetch(`${sandbox.url}/v23.0/${PNID}/messages`, {
      method: 'POST',
      headers: { Authorization: 'Bearer test-token-abc', 'Content-Type': 'application/json' },
      body: JSON.stringify(textMessage('+34611222333')),
    });
    expect(response.status).toBe(200);
    const sent = await waitFor('sent status', () => statusesOf(receiver.received).find((s) => s.status === 'sent'));
    expect(sent.conversation).toEqual({ id: expect.any(String), expiration_timestamp: expect.stringMatching(/^\d+$/), origin: { type: 'service' } });
  });

  it('sends only the statuses listed in autoStatuses', async () => {
    await sandbox.close();
    sandbox = await startSandbox({ webhookUrl: receiver.url, autoStatuses: ['sent'], enforceWindow: false });
    await api(sandbox, 'POST', `/${PNID}/messages`, textMessage('+34611222333'));
    await waitFor('sent webhook', () => statusesOf(receiver.received).length === 1);
    await sleep(60);
    expect(statusesOf(receiver.received).map((s) => s.status)).toEqual(['sent']);
  });

  it('escapes non-ASCII as \\uXXXX in the raw body, and signs those exact bytes', async () => {
    const payload = { object: 'whatsapp_business_account', entry: [{ id: WABA_ID, changes: [{ field: 'messages', value: { text: '¡Hola, Begoña! 🥐' } }] }] };
    const { status } = await sandbox.sendWebhook(payload);
    expect(status).toBe(200);

    const [hook] = receiver.received;
    const raw = hook.raw.toString('utf8');
    expect(raw).toContain('\\u00a1Hola, Bego\\u00f1a! \\ud83e\\udd50');
    expect(/[^\x00-\x7f]/.test(raw)).toBe(false);
    expect(hook.signature).toBe(hmacHex(hook.raw));
    // Re-serialising the parsed body gives other bytes, and the signature no longer matches them.
    expect(hmacHex(JSON.stringify(hook.json))).not.toBe(hook.signature);
    expect(hook.json).toEqual(payload);
  });

  it('simulateInbound posts a Meta text message webhook and opens the window', async () => {
    const { wamid, status } = await sandbox.simulateInbound({ phoneNumberId: PNID, from: '+34 611 222 555', name: 'Íñigo', text: 'Buenos días' });
    expect(status).toBe(200);
    expect(wamid).toMatch(/^wamid\./);

    const [hook] = receiver.received;
    expect(hook.signature).toBe(hmacHex(hook.raw));
    expect(hook.raw.toString('utf8')).toContain('\\u00cd\\u00f1igo');
    const value = hook.json.entry[0].changes[0].value;
    expect(value.contacts).toEqual([{ profile: { name: 'Íñigo' }, wa_id: '34611222555' }]);
    expect(value.messages).toEqual([{ from: '34611222555', id: wamid, timestamp: expect.stringMatching(/^\d+$/), type: 'text', text: { body: 'Buenos días' } }]);

    const reply = await api(sandbox, 'POST', `/${PNID}/messages`, textMessage('+34611222555'));
    await waitFor('delivered', () => statusesOf(receiver.received).some((s) => s.id === reply.json.messages[0].id && s.status === 'delivered'));
    expect(statusesOf(receiver.received).some((s) => s.status === 'failed')).toBe(false);
  });

  it('simulateInbound merges a custom message object', async () => {
    const mediaId = sandbox.addMedia(Buffer.from('img'), 'image/jpeg');
    await sandbox.simulateInbound({ phoneNumberId: PNID, from: '34611222555', message: { type: 'image', image: { id: mediaId, mime_type: 'image/jpeg' } } });
    const message = receiver.received[0].json.entry[0].changes[0].value.messages[0];
    expect(message).toMatchObject({ from: '34611222555', type: 'image', image: { id: mediaId } });
    expect(message.text).toBeUndefined();
  });

  it('retries a webhook the receiver refused, with the same signed bytes', async () => {
    receiver.respondWith.push(500, 503);
    const { status } = await sandbox.sendWebhook({ hello: 'world' });
    expect(status).toBe(200);
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((hook) => hook.raw.toString('utf8'))).size).toBe(1);
    expect(sandbox.webhookDeliveries).toEqual([{ payload: { hello: 'world' }, status: 200, at: expect.any(Number) }]);
  });

  it('records an unreachable receiver without throwing', async () => {
    await receiver.close();
    const { status } = await sandbox.sendWebhook({ hello: 'nobody' });
    expect(status).toBe(0);
    expect(sandbox.webhookDeliveries[0]).toMatchObject({ status: 0 });
  });

  it('refuses sendWebhook when no webhook URL is set', async () => {
    sandbox.setWebhookUrl(undefined);
    await expect(sandbox.sendWebhook({})).rejects.toThrow(/no webhook URL/);
  });
});

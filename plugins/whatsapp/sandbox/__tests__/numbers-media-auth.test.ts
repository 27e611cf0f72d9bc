import { createHash } from 'node:crypto';
import type { Sandbox } from '..';
import { api, PNID, PNID_2, startSandbox, textMessage, TOKEN, WABA_ID } from './helpers';

describe('sandbox auth, phone numbers, media and message validation', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ enforceWindow: false });
  });
  afterAll(() => sandbox.close());

  describe('auth', () => {
    it.each([
      ['no token', null],
      ['a wrong token', 'not-the-token'],
    ])('answers 401 with code 190 for %s', async (_, token) => {
      const before = sandbox.sent.length;
      const result = await api(sandbox, 'POST', `/${PNID}/messages`, textMessage('+34611222333'), token);
      expect(result.status).toBe(401);
      expect(result.json.error).toMatchObject({ code: 190, type: 'OAuthException', message: expect.stringMatching(/^\(#190\) /) });
      expect(sandbox.sent.length).toBe(before);
    });

    it('accepts any non-empty token when no list is configured', async () => {
      const open = await startSandbox({ accessTokens: undefined });
      try {
        expect((await api(open, 'GET', `/${WABA_ID}/phone_numbers`, undefined, 'whatever')).status).toBe(200);
        expect((await api(open, 'GET', `/${WABA_ID}/phone_numbers`, undefined, null)).status).toBe(401);
      } finally {
        await open.close();
      }
    });
  });

  describe('phone numbers', () => {
    it('lists the WABA numbers with Meta fields and pages with limit/after', async () => {
      const first = await api(sandbox, 'GET', `/${WABA_ID}/phone_numbers?limit=1`);
      expect(first.json.data).toEqual([
        expect.objectContaining({
          id: PNID,
          display_phone_number: '+34 600 000 001',
          verified_name: 'Panadería Uno',
          quality_rating: 'GREEN',
          code_verification_status: 'VERIFIED',
          name_status: 'APPROVED',
          status: 'CONNECTED',
          platform_type: 'CLOUD_API',
          throughput: { level: 'STANDARD' },
          whatsapp_business_manager_messaging_limit: 'TIER_2K',
        }),
      ]);
      expect(first.json.paging.next).toEqual(expect.stringContaining('after='));
      const second = await api(sandbox, 'GET', `/${WABA_ID}/phone_numbers?limit=1&after=${first.json.paging.cursors.after}`);
      expect(second.json.data.map((n: any) => n.id)).toEqual([PNID_2]);
      expect(second.json.paging.next).toBeUndefined();
    });

    it('returns only the requested fields (plus id) and serves GET /{phone-number-id}', async () => {
      const list = await api(sandbox, 'GET', `/${WABA_ID}/phone_numbers?fields=display_phone_number,quality_rating`);
      expect(list.json.data[0]).toEqual({ id: PNID, display_phone_number: '+34 600 000 001', quality_rating: 'GREEN' });
      const one = await api(sandbox, 'GET', `/${PNID_2}`);
      expect(one.json).toMatchObject({ id: PNID_2, verified_name: 'Panadería Dos', status: 'CONNECTED' });
    });

    it('answers error 100 for an unknown WABA or phone number id', async () => {
      expect((await api(sandbox, 'GET', '/999/phone_numbers')).json.error.code).toBe(100);
      const send = await api(sandbox, 'POST', '/999/messages', textMessage('+34611222333'));
      expect(send.status).toBe(400);
      expect(send.json.error.code).toBe(100);
    });
  });

  describe('media', () => {
    const pdf = Buffer.from('%PDF-1.4 sandbox test file ñ');

    const upload = (data: Buffer, type: string, filename: string) => {
      const form = new FormData();
      form.append('messaging_product', 'whatsapp');
      form.append('type', type);
      form.append('file', new Blob([data], { type }), filename);
      return fetch(`${sandbox.url}/v25.0/${PNID}/media`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}` }, body: form });
    };

    it('uploads, looks up, downloads (with the token) and deletes a file', async () => {
      const uploaded = await upload(pdf, 'application/pdf', 'pedido.pdf');
      expect(uploaded.status).toBe(200);
      const { id } = (await uploaded.json()) as { id: string };
      expect(id).toMatch(/^\d+$/);

      const info = await api(sandbox, 'GET', `/${id}`);
      expect(info.json).toEqual({
        messaging_product: 'whatsapp',
        url: expect.stringContaining(sandbox.url),
        mime_type: 'application/pdf',
        sha256: createHash('sha256').update(pdf).digest('hex'),
        file_size: pdf.length,
        id,
      });

      const anonymous = await fetch(info.json.url);
      expect(anonymous.status).toBe(401);
      const download = await fetch(info.json.url, { headers: { Authorization: `Bearer ${TOKEN}` } });
      expect(download.status).toBe(200);
      expect(download.headers.get('content-type')).toBe('application/pdf');
      expect(Buffer.from(await download.arrayBuffer()).equals(pdf)).toBe(true);

      expect((await api(sandbox, 'DELETE', `/${id}`)).json).toEqual({ success: true });
      expect((await api(sandbox, 'GET', `/${id}`)).json.error.code).toBe(100);
    });

    it('refuses unsupported types with 131053', async () => {
      const result = await upload(Buffer.from('<svg/>'), 'image/svg+xml', 'x.svg');
      expect(result.status).toBe(400);
      expect(((await result.json()) as any).error.code).toBe(131053);
    });

    it('sends media by uploaded id or link, and checks captions and ids', async () => {
      const id = sandbox.addMedia(Buffer.from('jpeg'), 'image/jpeg');
      const byId = await api(sandbox, 'POST', `/${PNID}/messages`, { messaging_product: 'whatsapp', to: '+34611222333', type: 'image', image: { id, caption: 'Pan' } });
      expect(byId.status).toBe(200);
      const byLink = await api(sandbox, 'POST', `/${PNID}/messages`, { messaging_product: 'whatsapp', to: '+34611222333', type: 'document', document: { link: 'https://example.com/a.pdf', filename: 'a.pdf' } });
      expect(byLink.status).toBe(200);

      const unknownId = await api(sandbox, 'POST', `/${PNID}/messages`, { messaging_product: 'whatsapp', to: '+34611222333', type: 'image', image: { id: '123' } });
      expect(unknownId.json.error.code).toBe(131009);
      const audioCaption = await api(sandbox, 'POST', `/${PNID}/messages`, { messaging_product: 'whatsapp', to: '+34611222333', type: 'audio', audio: { id, caption: 'no' } });
      expect(audioCaption.json.error.code).toBe(100);
    });
  });

  describe('message validation', () => {
    const send = (body: unknown) => api(sandbox, 'POST', `/${PNID}/messages`, body);

    it('answers the Meta success shape with wa_id = digits of `to`', async () => {
      const result = await send(textMessage('+34 (611) 222-333'));
      expect(result.json).toEqual({
        messaging_product: 'whatsapp',
        contacts: [{ input: '+34 (611) 222-333', wa_id: '34611222333' }],
        messages: [{ id: expect.stringMatching(/^wamid\./) }],
      });
    });

    it.each([
      ['missing messaging_product', { to: '+34611222333', type: 'text', text: { body: 'x' } }, 100],
      ['missing to', { messaging_product: 'whatsapp', type: 'text', text: { body: 'x' } }, 131008],
      ['text over 4096 characters', textMessage('+34611222333', 'a'.repeat(4097)), 100],
      ['unknown type', { messaging_product: 'whatsapp', to: '+34611222333', type: 'hologram', hologram: {} }, 100],
      ['location without longitude', { messaging_product: 'whatsapp', to: '+34611222333', type: 'location', location: { latitude: 40 } }, 131008],
      ['contacts without formatted_name', { messaging_product: 'whatsapp', to: '+34611222333', type: 'contacts', contacts: [{ name: {} }] }, 131008],
      ['reaction without message_id', { messaging_product: 'whatsapp', to: '+34611222333', type: 'reaction', reaction: { emoji: '👍' } }, 131008],
      [
        'four reply buttons',
        {
          messaging_product: 'whatsapp',
          to: '+34611222333',
          type: 'interactive',
          interactive: { type: 'button', body: { text: 'Elija' }, action: { buttons: [1, 2, 3, 4].map((n) => ({ type: 'reply', reply: { id: `b${n}`, title: `B${n}` } })) } },
        },
        100,
      ],
      [
        'a list with 11 rows',
        {
          messaging_product: 'whatsapp',
          to: '+34611222333',
          type: 'interactive',
          interactive: { type: 'list', body: { text: 'Menú' }, action: { button: 'Ver', sections: [{ title: 'A', rows: Array.from({ length: 6 }, (_, i) => ({ id: `a${i}`, title: `A${i}` })) }, { title: 'B', rows: Array.from({ length: 5 }, (_, i) => ({ id: `b${i}`, title: `B${i}` })) }] } },
        },
        100,
      ],
      [
        'a cta_url with a long display text',
        { messaging_product: 'whatsapp', to: '+34611222333', type: 'interactive', interactive: { type: 'cta_url', body: { text: 'Vea' }, action: { name: 'cta_url', parameters: { display_text: 'x'.repeat(21), url: 'https://example.com' } } } },
        100,
      ],
    ])('refuses %s', async (_, body, code) => {
      const before = sandbox.sent.length;
      const result = await send(body);
      expect(result.status).toBe(400);
      expect(result.json.error.code).toBe(code);
      expect(result.json.error.error_data.details).toEqual(expect.any(String));
      expect(sandbox.sent.length).toBe(before);
    });

    it.each([
      ['location', { type: 'location', location: { latitude: 40.4, longitude: -3.7, name: 'Obrador' } }],
      ['contacts', { type: 'contacts', contacts: [{ name: { formatted_name: 'Ana' }, phones: [{ phone: '+34611222333' }] }] }],
      ['reaction', { type: 'reaction', reaction: { message_id: 'wamid.x', emoji: '👍' } }],
      ['buttons', { type: 'interactive', interactive: { type: 'button', body: { text: 'Elija' }, action: { buttons: [{ type: 'reply', reply: { id: 'si', title: 'Sí' } }] } } }],
      ['cta_url', { type: 'interactive', interactive: { type: 'cta_url', body: { text: 'Vea' }, action: { name: 'cta_url', parameters: { display_text: 'Abrir', url: 'https://example.com' } } } }],
    ])('accepts a valid %s message', async (_, fields) => {
      const result = await send({ messaging_product: 'whatsapp', to: '+34611222333', ...fields });
      expect(result.status).toBe(200);
    });

    it('marks a message read (with typing indicator) as { success: true }', async () => {
      const result = await send({ messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.abc', typing_indicator: { type: 'text' } });
      expect(result.json).toEqual({ success: true });
      const missing = await send({ messaging_product: 'whatsapp', status: 'read' });
      expect(missing.json.error.code).toBe(131008);
    });
  });
});

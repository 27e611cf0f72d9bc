/**
 * Webhooks that are not the shape Meta documents, or carry text PostgreSQL cannot store (#15):
 * a malformed part is noted on the event and skipped while the valid rest is applied, and the
 * event ends processed, not failed and retried; U+0000 in ids and texts never makes the webhook
 * answer 500 (which would have Meta redeliver it for days): the raw body is stored as received,
 * the stored fields have U+FFFD instead, and each replacement is noted. A send with U+0000 is
 * refused with 400 naming the field. Runs on SQLite and PostgreSQL (DATABASE_CLIENT=postgres).
 */
import crypto from 'crypto';
import { createAdmin, startTestApp, TEST_CREDENTIALS, type TestApp } from '../helpers/strapi';
import { envelope, messagesValue, messageByWamid, nowSeconds, postSigned, query, rawOf, settle, wamid } from './helpers';

describe('webhooks with malformed parts or U+0000', () => {
  let app: TestApp;
  let adminToken: string;

  beforeAll(async () => {
    app = await startTestApp();
    adminToken = (await createAdmin(app)).token;
  });

  afterAll(async () => {
    await app?.stop();
  });

  const eventOf = (payload: unknown) =>
    query(app, 'webhook-event').findOne({ where: { bodySha256: crypto.createHash('sha256').update(rawOf(payload)).digest('hex') } });

  /** Posts signed, expects 200, waits for processing, returns the event as the admin API shows it. */
  const deliverAndShow = async (payload: unknown) => {
    const res = await postSigned(app, payload);
    expect(res.status).toBe(200);
    await settle(app);
    const stored = await eventOf(payload);
    expect(stored).toBeTruthy();
    const shown = await app.http.get(`/whatsapp/webhook-events/${stored.id}`).set('Authorization', `Bearer ${adminToken}`);
    expect(shown.status).toBe(200);
    return { stored, shown: shown.body.data };
  };

  it('skips messages that are not objects, applies the valid one, and ends processed with the notes', async () => {
    const id = wamid('valid');
    const payload = envelope(TEST_CREDENTIALS.businessAccountId, [
      {
        field: 'messages',
        value: messagesValue(
          {},
          {
            contacts: [null, { wa_id: '34600123001', profile: { name: 'Valid Sender' } }],
            messages: [null, 1, 'x', { from: '34600123001', id, timestamp: nowSeconds(), type: 'text', text: { body: 'still here' } }],
            statuses: [{ id: 'wamid.unknown-status' }],
          }
        ),
      },
    ]);
    const { stored, shown } = await deliverAndShow(payload);
    expect(shown.status).toBe('processed');
    expect(stored.attempts).toBe(1);
    expect(shown.error).toBeNull();
    expect(shown.payloadNotes).toEqual([
      { path: 'entry[0].changes[0].value.contacts[0]', reason: 'not an object (null): skipped' },
      { path: 'entry[0].changes[0].value.messages[0]', reason: 'not an object (null): skipped' },
      { path: 'entry[0].changes[0].value.messages[1]', reason: 'not an object (a number): skipped' },
      { path: 'entry[0].changes[0].value.messages[2]', reason: 'not an object (a string): skipped' },
      { path: 'entry[0].changes[0].value.statuses[0]', reason: 'status is missing: skipped' },
    ]);
    expect(shown.outcome.messages).toMatchObject({ created: 1 });
    expect(await messageByWamid(app, id)).toMatchObject({ body: 'still here', profileName: 'Valid Sender', customerWaId: '34600123001' });
    // The list shows the notes too.
    const list = await app.http.get('/whatsapp/webhook-events?status=processed').set('Authorization', `Bearer ${adminToken}`);
    expect(list.body.results.find((e: any) => e.id === stored.id).payloadNotes).toHaveLength(5);
  });

  it('skips a change without a phone number id and a list that is not a list, and applies the other entry', async () => {
    const id = wamid('other-entry');
    const payload = {
      object: 'whatsapp_business_account',
      entry: [
        { id: TEST_CREDENTIALS.businessAccountId, changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', messages: [{ id: wamid(), from: '34600123002' }] } }, 'junk'] },
        { id: TEST_CREDENTIALS.businessAccountId, changes: [{ field: 'messages', value: messagesValue({}, { messages: { not: 'a list' } }) }] },
        {
          id: TEST_CREDENTIALS.businessAccountId,
          changes: [{ field: 'messages', value: messagesValue({}, { contacts: [{ wa_id: '34600123002' }], messages: [{ from: '34600123002', id, timestamp: nowSeconds(), type: 'text', text: { body: 'entry three' } }] }) }],
        },
      ],
    };
    const { shown } = await deliverAndShow(payload);
    expect(shown.status).toBe('processed');
    expect(shown.payloadNotes.map((n: any) => n.path)).toEqual([
      // A list's own elements are checked before what lies inside them.
      'entry[0].changes[1]',
      'entry[0].changes[0].value.metadata.phone_number_id',
      'entry[1].changes[0].value.messages',
    ]);
    expect(await messageByWamid(app, id)).toMatchObject({ body: 'entry three' });
  });

  it('stores and applies a webhook whose ids and texts hold U+0000, with U+FFFD in the stored fields', async () => {
    const base = wamid('nul');
    const payload = envelope(`${TEST_CREDENTIALS.businessAccountId}\u0000`, [
      {
        field: 'messages',
        value: messagesValue(
          {},
          {
            contacts: [{ wa_id: '34600123003', profile: { name: 'Nul\u0000Name' } }],
            messages: [{ from: '34600123003', id: `${base}\u0000`, timestamp: nowSeconds(), type: 'text', text: { body: 'a\u0000b', ['odd\u0000key']: true } }],
            statuses: [{ id: `wamid.pending\u0000${base}`, status: 'delivered', timestamp: nowSeconds(), recipient_id: '34600123003' }],
          }
        ),
      },
      { field: 'account_update\u0000', value: { event: 'VERIFIED\u0000' } },
    ]);
    const { stored, shown } = await deliverAndShow(payload);
    // The raw body is kept exactly as received (JSON carries the NUL escaped, which text columns accept).
    expect(stored.rawBody).toBe(rawOf(payload));
    expect(stored.wabaId).toBe(`${TEST_CREDENTIALS.businessAccountId}\uFFFD`);
    expect(stored.fields).toBe('messages,account_update\uFFFD');
    expect(shown.status).toBe('processed');
    expect(shown.payloadNotes.every((n: any) => /U\+0000 replaced by U\+FFFD/.test(n.reason))).toBe(true);
    expect(shown.payloadNotes.map((n: any) => n.path)).toEqual([
      'entry[0].id',
      'entry[0].changes[0].value.contacts[0].profile.name',
      'entry[0].changes[0].value.messages[0].id',
      'entry[0].changes[0].value.messages[0].text.body',
      'entry[0].changes[0].value.messages[0].text["odd\uFFFDkey"] (key)',
      'entry[0].changes[0].value.statuses[0].id',
      'entry[0].changes[1].field',
      'entry[0].changes[1].value.event',
    ]);
    const message = await messageByWamid(app, `${base}\uFFFD`);
    expect(message).toMatchObject({ body: 'a\uFFFDb', profileName: 'Nul\uFFFDName', payload: { text: { body: 'a\uFFFDb', 'odd\uFFFDkey': true } } });
    expect(message.customer).toMatchObject({ name: 'Nul\uFFFDName' });
    // The status for a message not known yet is kept, under the id as stored.
    expect(shown.pendingStatuses).toEqual([{ wamid: `wamid.pending\uFFFD${base}`, status: 'delivered' }]);
    expect(await query(app, 'pending-status').count({ where: { wamid: `wamid.pending\uFFFD${base}` } })).toBe(1);
  });

  it('stores a webhook whose phone number id holds U+0000 (unrouted, not a 500)', async () => {
    const payload = envelope(TEST_CREDENTIALS.businessAccountId, [
      { field: 'messages', value: messagesValue({ phoneNumberId: '100\u0000' }, { statuses: [{ id: wamid(), status: 'sent', timestamp: nowSeconds() }] }) },
    ]);
    const { stored, shown } = await deliverAndShow(payload);
    expect(stored.phoneNumberIds).toBe('100\uFFFD');
    expect(shown.status).toBe('unrouted');
    expect(shown.error).toContain('100\uFFFD');
  });

  it('refuses a send whose text holds U+0000 with 400 naming the field, and stores nothing', async () => {
    const token = await app.strapi.service('admin::api-token').create({
      name: `nul-${Date.now()}`,
      type: 'custom',
      permissions: ['plugin::whatsapp.messages.send'],
      lifespan: null,
    });
    const before = await query(app, 'message').count({ where: { direction: 'outbound' } });
    const res = await app.http
      .post('/api/whatsapp/messages')
      .set('Authorization', `Bearer ${token.accessKey}`)
      .send({ to: '+34600123004', type: 'text', text: { body: 'hello\u0000world' } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^text\.body: contains U\+0000/);
    expect(res.body.error.details.errors[0].path).toEqual(['text', 'body']);
    const template = await app.http
      .post('/api/whatsapp/messages')
      .set('Authorization', `Bearer ${token.accessKey}`)
      .send({ to: '+34600123004', type: 'template', template: { name: 'hello_world', language: 'en_US', body: ['x\u0000'] } });
    expect(template.status).toBe(400);
    expect(template.body.error.details.errors[0].path).toEqual(['template', 'body', '0']);
    expect(await query(app, 'message').count({ where: { direction: 'outbound' } })).toBe(before);
  });
});

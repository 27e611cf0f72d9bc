/**
 * Every inbound message type becomes a message in the comms log with its content, reply context,
 * forwarded flags, ad referral and the sender's profile name; media is downloaded into Strapi's
 * media library (and a failed download is recorded and retried, the message stored anyway);
 * reactions attach to the message they react to.
 */
import crypto from 'crypto';
import fs from 'fs';
import path from 'path';
import { APP_DIR, startTestApp, TEST_CREDENTIALS, type TestApp } from '../helpers/strapi';
import { deliver, inboundPayload, messageByWamid, nowSeconds, query, settle, wamid } from './helpers';
import { PLUGIN_ID } from '../../plugins/whatsapp/shared/uids';

const PNG_1x1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64'
);
const sha256 = (data: Buffer) => crypto.createHash('sha256').update(data).digest('hex');

describe('inbound message types', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });

  afterAll(async () => {
    // Uploaded files land in the app's public/uploads: remove them with their records.
    if (app) {
      const files = await app.strapi.db.query('plugin::upload.file').findMany();
      for (const file of files) await app.strapi.plugin('upload').service('upload').remove(file);
    }
    await app?.stop();
  });

  /** Delivers one inbound message of the given type and returns the stored row. */
  const receive = async (message: Record<string, unknown>, extra: Partial<Parameters<typeof inboundPayload>[0]> = {}) => {
    const id = wamid(String(message.type));
    await deliver(app, inboundPayload({ id, message, ...extra }));
    const stored = await messageByWamid(app, id);
    expect(stored).not.toBeNull();
    return stored;
  };

  it('text with reply context, forwarded flag and ad referral', async () => {
    const referral = {
      source_url: 'https://fb.me/ad123',
      source_id: '120210000000',
      source_type: 'ad',
      headline: 'Fresh bread',
      body: 'Order today',
      media_type: 'image',
      image_url: 'https://example.com/ad.jpg',
      ctwa_clid: 'ARAkLkA8rmlFeiCktEJQ',
    };
    const m = await receive({
      type: 'text',
      text: { body: 'Is this still available?' },
      context: { from: '34600000001', id: 'wamid.REPLIED_TO', frequently_forwarded: true },
      referral,
    });
    expect(m).toMatchObject({
      type: 'text',
      body: 'Is this still available?',
      contextWamid: 'wamid.REPLIED_TO',
      forwarded: true,
      frequentlyForwarded: true,
      referral,
      profileName: 'Ana García',
      mediaStatus: 'none',
    });
  });

  it('image: downloaded through the Graph API into the media library and linked', async () => {
    const mediaId = app.sandbox!.addMedia(PNG_1x1, 'image/png');
    const m = await receive({ type: 'image', image: { id: mediaId, mime_type: 'image/png', sha256: sha256(PNG_1x1), caption: 'Our order' } });
    expect(m).toMatchObject({ type: 'image', caption: 'Our order', body: 'Our order', mediaId, mediaStatus: 'downloaded', mediaAttempts: 1, mediaError: null });
    expect(m.media).toMatchObject({ mime: 'image/png' });
    expect(m.media.url).toMatch(/^\/uploads\//);
    const file = await app.strapi.db.query('plugin::upload.file').findOne({ where: { id: m.media.id } });
    expect(file).toMatchObject({ mime: 'image/png', ext: '.png' });
  });

  it('voice note (audio), video, document with its filename, sticker', async () => {
    const ogg = Buffer.from('OggS-voice-note-bytes');
    const audioId = app.sandbox!.addMedia(ogg, 'audio/ogg');
    const audio = await receive({ type: 'audio', audio: { id: audioId, mime_type: 'audio/ogg; codecs=opus', sha256: sha256(ogg), voice: true } });
    expect(audio).toMatchObject({ type: 'audio', mediaStatus: 'downloaded', payload: { audio: { voice: true } } });
    expect(audio.media.mime).toBe('audio/ogg');

    const mp4 = Buffer.from('fake-mp4-bytes');
    const videoId = app.sandbox!.addMedia(mp4, 'video/mp4');
    const video = await receive({ type: 'video', video: { id: videoId, mime_type: 'video/mp4', sha256: sha256(mp4) } });
    expect(video).toMatchObject({ type: 'video', mediaStatus: 'downloaded' });

    const pdf = Buffer.from('%PDF-1.4 invoice');
    const docId = app.sandbox!.addMedia(pdf, 'application/pdf', 'factura-42.pdf');
    const doc = await receive({ type: 'document', document: { id: docId, mime_type: 'application/pdf', sha256: sha256(pdf), filename: 'factura-42.pdf', caption: 'Invoice' } });
    expect(doc).toMatchObject({ type: 'document', mediaFilename: 'factura-42.pdf', caption: 'Invoice', mediaStatus: 'downloaded' });
    expect(doc.media.name).toBe('factura-42.pdf');
    expect(fs.readFileSync(path.join(APP_DIR, 'public', doc.media.url))).toEqual(pdf);

    const webp = Buffer.from('RIFF....WEBPVP8 ');
    const stickerId = app.sandbox!.addMedia(webp, 'image/webp');
    const sticker = await receive({ type: 'sticker', sticker: { id: stickerId, mime_type: 'image/webp', sha256: sha256(webp), animated: false } });
    expect(sticker).toMatchObject({ type: 'sticker', mediaId: stickerId });
  });

  it('a failed download is recorded, the message kept, and a retry downloads it', async () => {
    const data = Buffer.from('%PDF-1.4 retry me');
    const mediaId = app.sandbox!.addMedia(data, 'application/pdf', 'retry.pdf');
    app.sandbox!.injectFault({ kind: 'error', status: 500, code: 131016, title: 'Service unavailable', path: mediaId, count: 1 });
    const m = await receive({ type: 'document', document: { id: mediaId, mime_type: 'application/pdf', sha256: sha256(data), filename: 'retry.pdf' } });
    expect(m).toMatchObject({ type: 'document', mediaStatus: 'failed', mediaAttempts: 1, media: null });
    expect(m.mediaError).toMatch(/131016|unavailable/i);
    expect(m.mediaNextAttemptAt).toBeTruthy();

    await app.strapi.plugin(PLUGIN_ID).service('media-downloads').retry(m.id);
    const after = await messageByWamid(app, m.wamid);
    expect(after).toMatchObject({ mediaStatus: 'downloaded', mediaAttempts: 2, mediaError: null });
    expect(after.media).not.toBeNull();
  });

  it('a media id Meta does not know fails for good after one attempt (not retried)', async () => {
    const m = await receive({ type: 'image', image: { id: '999999999999999', mime_type: 'image/jpeg', sha256: 'x' } });
    expect(m).toMatchObject({ mediaStatus: 'failed', mediaAttempts: 1, mediaNextAttemptAt: null });
  });

  it('location and contacts', async () => {
    const location = await receive({ type: 'location', location: { latitude: 43.263, longitude: -2.935, name: 'Panadería Centro', address: 'Gran Vía 1, Bilbao' } });
    expect(location).toMatchObject({ type: 'location', body: 'Panadería Centro, Gran Vía 1, Bilbao', payload: { location: { latitude: 43.263 } } });

    const contacts = await receive({
      type: 'contacts',
      contacts: [{ name: { formatted_name: 'Jon Etxeberria', first_name: 'Jon' }, phones: [{ phone: '+34 600 222 333', wa_id: '34600222333', type: 'CELL' }] }],
    });
    expect(contacts).toMatchObject({ type: 'contacts', body: 'Jon Etxeberria' });
    expect(contacts.payload.contacts[0].phones[0].wa_id).toBe('34600222333');
  });

  it('interactive replies: button_reply, list_reply, nfm_reply (flow)', async () => {
    const button = await receive({ type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'confirm', title: 'Confirm' } } });
    expect(button).toMatchObject({ type: 'interactive', body: 'Confirm', payload: { interactive: { button_reply: { id: 'confirm' } } } });

    const list = await receive({ type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 'slot-10', title: '10:00', description: 'Morning' } } });
    expect(list).toMatchObject({ body: '10:00' });

    const flow = await receive({ type: 'interactive', interactive: { type: 'nfm_reply', nfm_reply: { name: 'flow', body: 'Sent', response_json: '{"flow_token":"t1","rating":5}' } } });
    expect(flow).toMatchObject({ body: 'Sent' });
    expect(JSON.parse(flow.payload.interactive.nfm_reply.response_json)).toEqual({ flow_token: 't1', rating: 5 });
  });

  it('template quick-reply button with the template message as context', async () => {
    const m = await receive({ type: 'button', button: { payload: 'RESCHEDULE', text: 'Reschedule' }, context: { from: '34600000001', id: 'wamid.TEMPLATE' } });
    expect(m).toMatchObject({ type: 'button', body: 'Reschedule', contextWamid: 'wamid.TEMPLATE', payload: { button: { payload: 'RESCHEDULE' } } });
  });

  it('order, system (number change), request_welcome', async () => {
    const order = await receive({
      type: 'order',
      order: { catalog_id: 'cat1', text: 'Two please', product_items: [{ product_retailer_id: 'baguette', quantity: 2, item_price: 1.2, currency: 'EUR' }] },
    });
    expect(order).toMatchObject({ type: 'order', body: 'Two please' });

    const system = await receive({ type: 'system', system: { body: 'Ana changed from 34600111222 to 34600111999', wa_id: '34600111999', type: 'user_changed_number' } });
    expect(system).toMatchObject({ type: 'system', body: 'Ana changed from 34600111222 to 34600111999' });

    const welcome = await receive({ type: 'request_welcome' });
    expect(welcome).toMatchObject({ type: 'request_welcome' });
  });

  it('unsupported with its errors, and an unknown future type', async () => {
    const unsupported = await receive({
      type: 'unsupported',
      unsupported: { type: 'poll_creation' },
      errors: [{ code: 131051, title: 'Message type unknown', message: 'Message type unknown', error_data: { details: 'Message type is currently not supported.' } }],
    });
    expect(unsupported).toMatchObject({ type: 'unsupported', errorCode: 131051, errorTitle: 'Message type unknown', errorDetails: 'Message type is currently not supported.' });

    const future = await receive({ type: 'hologram', hologram: { id: 'h1' } });
    expect(future).toMatchObject({ type: 'unknown', payload: { metaType: 'hologram', hologram: { id: 'h1' } } });
  });

  it('reactions attach to their target: add, replace per sender, remove with an empty emoji', async () => {
    const target = await receive({ type: 'text', text: { body: 'Your cake is ready' } });
    const react = (emoji: string, from = '34600111222', offset = 0) =>
      receive({ type: 'reaction', reaction: { message_id: target.wamid, emoji } }, { from, timestamp: nowSeconds(offset) });

    const first = await react('👍', '34600111222', 1);
    expect(first).toMatchObject({ type: 'reaction', reactionEmoji: '👍', contextWamid: target.wamid });
    await react('❤️', '34600333444', 2);
    expect((await messageByWamid(app, target.wamid)).reactions).toMatchObject({
      '34600111222': { emoji: '👍' },
      '34600333444': { emoji: '❤️' },
    });

    await react('😂', '34600111222', 3); // replaces the same sender's reaction
    expect((await messageByWamid(app, target.wamid)).reactions['34600111222'].emoji).toBe('😂');

    await react('👎', '34600111222', -30); // an older reaction delivered late changes nothing
    expect((await messageByWamid(app, target.wamid)).reactions['34600111222'].emoji).toBe('😂');

    await react('', '34600111222', 4); // removal
    const after = await messageByWamid(app, target.wamid);
    expect(after.reactions).not.toHaveProperty('34600111222');
    expect(after.reactions['34600333444'].emoji).toBe('❤️');
  });

  it('several messages of one batch, in order, with their own contacts', async () => {
    const a = wamid('batchA');
    const b = wamid('batchB');
    const payload = inboundPayload({ id: a, from: '34600444555', name: 'Mikel' });
    const value = payload.entry[0].changes[0].value as any;
    value.contacts.push({ profile: { name: 'Leire' }, wa_id: '34600666777' });
    value.messages.push({ from: '34600666777', id: b, timestamp: nowSeconds(), type: 'text', text: { body: 'Kaixo' } });
    await deliver(app, payload);
    expect(await messageByWamid(app, a)).toMatchObject({ profileName: 'Mikel', customerPhone: '+34600444555' });
    expect(await messageByWamid(app, b)).toMatchObject({ profileName: 'Leire', customerPhone: '+34600666777', body: 'Kaixo' });
  });

  it('a message with no phone (username user, BSUID only) keeps the user id', async () => {
    const m = await receive({ type: 'text', text: { body: 'hi from a username' } }, { from: '', userId: 'US.13491208655302741918' });
    expect(m).toMatchObject({ customerWaId: null, customerPhone: null, customerUserId: 'US.13491208655302741918', conversationKey: `${TEST_CREDENTIALS.phoneNumberId}:US.13491208655302741918` });
    expect(m.customer).toMatchObject({ userId: 'US.13491208655302741918', phone: null });
  });

  it('does not wait for media: the event is processed even while Graph is down', async () => {
    const data = Buffer.from('%PDF down');
    const mediaId = app.sandbox!.addMedia(data, 'application/pdf', 'down.pdf');
    app.sandbox!.injectFault({ kind: 'error', status: 503, code: 2, title: 'Service temporarily unavailable', path: mediaId });
    try {
      const id = wamid('down');
      await deliver(app, inboundPayload({ id, message: { type: 'document', document: { id: mediaId, mime_type: 'application/pdf', filename: 'down.pdf' } } }));
      const event = await query(app, 'webhook-event').findOne({ where: { rawBody: { $contains: id } } });
      expect(event.processingStatus).toBe('processed');
      expect(await messageByWamid(app, id)).toMatchObject({ mediaStatus: 'failed' });
    } finally {
      app.sandbox!.clearFaults();
    }
    await settle(app);
  });
});

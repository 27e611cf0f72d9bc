/**
 * Each message type goes out with the request body Meta documents, read from what the sandbox
 * received (`sandbox.sent[i].body`); the sandbox validates every body the way the Cloud API does,
 * so a malformed body would have failed the send instead.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { ALL_ACTIONS, apiToken, customerWrote, findMessage, service, startOutboundApp, type TestApp } from './helpers';
import { UID } from '../../plugins/whatsapp/shared/uids';

// A 2×2 red PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAAE0lEQVQImWP4z8DwnwGM/zMwAAAf7gP9qS/A4gAAAABJRU5ErkJggg==', 'base64');

describe('request bodies per message type', () => {
  let app: TestApp;
  let token: string;
  const uploadedFiles: string[] = [];
  // One recipient per message: the outbox keeps Meta's pair rate limit (about 1 msg / 6 s per
  // recipient after a short burst), which is tested on its own in outbox.test.ts.
  let sequence = 0;
  let phone = '';

  beforeAll(async () => {
    app = await startOutboundApp();
    token = await apiToken(app, ALL_ACTIONS);
  });

  beforeEach(async () => {
    sequence += 1;
    phone = `+34600444${String(sequence).padStart(3, '0')}`;
    await customerWrote(app, { waId: phone.slice(1) });
  });

  afterAll(async () => {
    for (const file of uploadedFiles) fs.rmSync(file, { force: true });
    await app?.stop();
  });

  /** Sends through the API and the outbox; returns the body the sandbox received. */
  async function sendAndCapture(content: Record<string, unknown>, samePhone = false) {
    if (!samePhone) {
      sequence += 1;
      phone = `+34600444${String(sequence).padStart(3, '0')}`;
      await customerWrote(app, { waId: phone.slice(1) });
    }
    const before = app.sandbox!.sent.length;
    const res = await app.http.post('/api/whatsapp/messages').set('Authorization', `Bearer ${token}`).send({ to: phone, ...content });
    expect(res.status).toBe(202);
    await service(app, 'outbox').drain();
    const row = await findMessage(app, res.body.data.documentId);
    expect({ status: row.deliveryStatus, error: row.errorDetails }).toEqual({ status: 'accepted', error: null });
    expect(app.sandbox!.sent).toHaveLength(before + 1);
    const sent = app.sandbox!.sent[before];
    expect(sent.wamid).toBe(row.wamid);
    const { messaging_product, recipient_type, to, ...rest } = sent.body;
    expect({ messaging_product, recipient_type, to }).toEqual({ messaging_product: 'whatsapp', recipient_type: 'individual', to: phone });
    return { body: rest, row };
  }

  it('text with link preview', async () => {
    const { body } = await sendAndCapture({ type: 'text', text: { body: 'See https://example.com', previewUrl: true } });
    expect(body).toEqual({ type: 'text', text: { preview_url: true, body: 'See https://example.com' } });
  });

  it('template with header, body, currency and button parameters', async () => {
    const { body, row } = await sendAndCapture({
      type: 'template',
      template: {
        name: 'po_notification',
        language: 'en_US',
        header: ['PO-7'],
        body: ['Acme Supplies', 'PO-7', { type: 'currency', currency: { fallbackValue: '€1,250.00', code: 'EUR', amount1000: 1250000 } }],
        buttons: [{ index: 0, parameter: 'PO-7' }],
      },
    });
    expect(body).toEqual({
      type: 'template',
      template: {
        name: 'po_notification',
        language: { code: 'en_US' },
        components: [
          { type: 'header', parameters: [{ type: 'text', text: 'PO-7' }] },
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'Acme Supplies' },
              { type: 'text', text: 'PO-7' },
              { type: 'currency', currency: { fallback_value: '€1,250.00', code: 'EUR', amount_1000: 1250000 } },
            ],
          },
          { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'PO-7' }] },
        ],
      },
    });
    expect(row.body).toBe('Hello Acme Supplies, purchase order PO-7 for €1,250.00 was approved.');
    const template = await app.strapi.db.query(UID.template).findOne({ where: { name: 'po_notification' } });
    expect(template.usageCount).toBe(1);
  });

  it('template with named parameters', async () => {
    const { body } = await sendAndCapture({ type: 'template', template: { name: 'order_ready', language: 'es_ES', body: { first_name: 'Ana', order_id: 'A-1' } } });
    expect(body.template.components).toEqual([
      { type: 'body', parameters: [{ type: 'text', text: 'Ana', parameter_name: 'first_name' }, { type: 'text', text: 'A-1', parameter_name: 'order_id' }] },
    ]);
  });

  it('image by link with caption; video by Meta media id', async () => {
    const image = await sendAndCapture({ type: 'image', image: { link: 'https://example.com/cake.jpg', caption: 'Your cake' } });
    expect(image.body).toEqual({ type: 'image', image: { link: 'https://example.com/cake.jpg', caption: 'Your cake' } });
    const mediaId = app.sandbox!.addMedia(Buffer.from('video'), 'video/mp4', 'clip.mp4');
    const video = await sendAndCapture({ type: 'video', video: { id: mediaId } });
    expect(video.body).toEqual({ type: 'video', video: { id: mediaId } });
  });

  it('document with filename and caption; audio; sticker', async () => {
    const doc = await sendAndCapture({ type: 'document', document: { link: 'https://example.com/inv.pdf', filename: 'invoice-7.pdf', caption: 'Invoice 7' } });
    expect(doc.body).toEqual({ type: 'document', document: { link: 'https://example.com/inv.pdf', caption: 'Invoice 7', filename: 'invoice-7.pdf' } });
    const audio = await sendAndCapture({ type: 'audio', audio: { link: 'https://example.com/a.ogg' } });
    expect(audio.body).toEqual({ type: 'audio', audio: { link: 'https://example.com/a.ogg' } });
    const sticker = await sendAndCapture({ type: 'sticker', sticker: { link: 'https://example.com/s.webp' } });
    expect(sticker.body).toEqual({ type: 'sticker', sticker: { link: 'https://example.com/s.webp' } });
  });

  it('image from the Strapi media library: uploaded to Meta first, then sent by id', async () => {
    const tmp = path.join(os.tmpdir(), `wa-test-${Date.now()}.png`);
    fs.writeFileSync(tmp, PNG);
    const [file] = await app.strapi
      .plugin('upload')
      .service('upload')
      .upload({ data: {}, files: { filepath: tmp, originalFilename: 'cake.png', mimetype: 'image/png', size: PNG.length } });
    uploadedFiles.push(tmp, path.join(app.strapi.dirs.static.public, file.url));

    const { body, row } = await sendAndCapture({ type: 'image', image: { file: file.id, caption: 'From the library' } });
    expect(body).toEqual({ type: 'image', image: { id: expect.any(String), caption: 'From the library' } });
    expect(row.mediaId).toBe(body.image.id);
    expect(row.payload.image.id).toBe(body.image.id);
    expect(row.media.id).toBe(file.id);
    expect(row.mediaMimeType).toBe('image/png');
  });

  it('location and contacts', async () => {
    const location = await sendAndCapture({ type: 'location', location: { latitude: 43.263, longitude: -2.935, name: 'Shop', address: 'Gran Vía 1, Bilbao' } });
    expect(location.body).toEqual({ type: 'location', location: { latitude: 43.263, longitude: -2.935, name: 'Shop', address: 'Gran Vía 1, Bilbao' } });
    const contact = { name: { formatted_name: 'Ana Ruiz', first_name: 'Ana' }, phones: [{ phone: '+34600000000', type: 'WORK' }] };
    const contacts = await sendAndCapture({ type: 'contacts', contacts: [contact] });
    expect(contacts.body).toEqual({ type: 'contacts', contacts: [contact] });
  });

  it('interactive reply buttons, list and call-to-action URL', async () => {
    const buttons = await sendAndCapture({
      type: 'interactive',
      interactive: { type: 'button', header: { type: 'text', text: 'Delivery' }, body: 'When should we come?', footer: 'Bakery', buttons: [{ id: 'am', title: 'Morning' }, { id: 'pm', title: 'Afternoon' }] },
    });
    expect(buttons.body).toEqual({
      type: 'interactive',
      interactive: {
        type: 'button',
        header: { type: 'text', text: 'Delivery' },
        body: { text: 'When should we come?' },
        footer: { text: 'Bakery' },
        action: { buttons: [{ type: 'reply', reply: { id: 'am', title: 'Morning' } }, { type: 'reply', reply: { id: 'pm', title: 'Afternoon' } }] },
      },
    });

    const list = await sendAndCapture({
      type: 'interactive',
      interactive: { type: 'list', body: 'Choose a cake', button: 'Cakes', sections: [{ title: 'Classic', rows: [{ id: 'choc', title: 'Chocolate', description: 'Dark' }, { id: 'lemon', title: 'Lemon' }] }] },
    });
    expect(list.body.interactive).toEqual({
      type: 'list',
      body: { text: 'Choose a cake' },
      action: { button: 'Cakes', sections: [{ title: 'Classic', rows: [{ id: 'choc', title: 'Chocolate', description: 'Dark' }, { id: 'lemon', title: 'Lemon' }] }] },
    });

    const cta = await sendAndCapture({ type: 'interactive', interactive: { type: 'cta_url', body: 'Track your order', displayText: 'Track', url: 'https://example.com/t/7' } });
    expect(cta.body.interactive).toEqual({
      type: 'cta_url',
      body: { text: 'Track your order' },
      action: { name: 'cta_url', parameters: { display_text: 'Track', url: 'https://example.com/t/7' } },
    });
  });

  it('reaction to a received message, and a reply quoting it', async () => {
    const inbound = await app.strapi.db.query(UID.message).findOne({ where: { direction: 'inbound', customerWaId: phone.slice(1) } });
    const reaction = await sendAndCapture({ type: 'reaction', reaction: { message: inbound.documentId, emoji: '👍' } }, true);
    expect(reaction.body).toEqual({ type: 'reaction', reaction: { message_id: inbound.wamid, emoji: '👍' } });
    expect(reaction.row.reactionEmoji).toBe('👍');

    const reply = await sendAndCapture({ type: 'text', text: 'Thanks!', replyTo: inbound.wamid }, true);
    expect(reply.body).toEqual({ type: 'text', context: { message_id: inbound.wamid }, text: { preview_url: false, body: 'Thanks!' } });
    expect(reply.row.contextWamid).toBe(inbound.wamid);
  });

  it('refuses interactive content over WhatsApp limits before queueing', async () => {
    const res = await app.http
      .post('/api/whatsapp/messages')
      .set('Authorization', `Bearer ${token}`)
      .send({ to: phone, type: 'interactive', interactive: { type: 'button', body: 'x', buttons: [1, 2, 3, 4].map((i) => ({ id: `b${i}`, title: `B${i}` })) } });
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors[0]).toMatchObject({ path: ['interactive', 'buttons'], message: 'give 1 to 3 reply buttons' });
  });
});

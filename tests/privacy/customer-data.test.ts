/**
 * A customer's data rights through the admin API, and message retention: the export holds the
 * customer's record, messages (with media links) and notes; the erasure leaves no row, file or raw
 * webhook body of the customer behind (asserted in the database and the upload folder) and nothing
 * of anyone else is touched; retention deletes old messages with their media files and keeps the
 * rest; bad input answers 4xx naming the field.
 */
import crypto from 'crypto';
import fs from 'fs';
import path from 'path';
import { APP_DIR, createAdmin, startTestApp, type TestApp } from '../helpers/strapi';
import { adminWithActions, bearer } from '../numbers/helpers';
import { deliver, inboundPayload, messageByWamid, wamid } from '../inbound/helpers';
import { ACTIONS } from '../../plugins/whatsapp/shared/permissions';
import { PLUGIN_ID, UID } from '../../plugins/whatsapp/shared/uids';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const sha256 = (data: Buffer) => crypto.createHash('sha256').update(data).digest('hex');

const ERASED = { waId: '34611000111', name: 'Erika Borrada' };
const KEPT = { waId: '34622000222', name: 'Kepa Guardado' };

describe('customer data: export, erasure, retention', () => {
  let app: TestApp;
  let auth: Record<string, string>;

  const uploadPath = (url: string) => path.join(APP_DIR, 'public', url);

  /** The customer writes a text and a photo; returns the customer's documentId and the photo's file url. */
  async function customerWrites(who: { waId: string; name: string }) {
    await deliver(app, inboundPayload({ from: who.waId, name: who.name, id: wamid('txt'), message: { type: 'text', text: { body: `Hola, soy ${who.name}` } } }));
    const media = app.sandbox!.addMedia(PNG, 'image/png');
    const photoId = wamid('img');
    await deliver(app, inboundPayload({ from: who.waId, name: who.name, id: photoId, message: { type: 'image', image: { id: media, mime_type: 'image/png', sha256: sha256(PNG) } } }));
    const photo = await messageByWamid(app, photoId);
    expect(photo.media?.url).toMatch(/^\/uploads\//);
    return { documentId: photo.customer.documentId as string, photoUrl: photo.media.url as string, fileId: photo.media.id as number };
  }

  beforeAll(async () => {
    app = await startTestApp({ env: { WHATSAPP_MESSAGE_RETENTION_DAYS: '90' } });
    auth = bearer((await createAdmin(app)).token);
  });

  afterAll(async () => {
    const files = await app.strapi.db.query('plugin::upload.file').findMany();
    for (const file of files) await app.strapi.plugin('upload').service('upload').remove(file);
    await app?.stop();
  });

  it('exports everything held on a customer: record, messages with media links, notes', async () => {
    const who = await customerWrites({ waId: '34633000333', name: 'Exporta Datos' });
    const res = await app.http.get(`/whatsapp/customers/${who.documentId}/export`).set(auth);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toContain(`customer-${who.documentId}.json`);
    const { customer, messages, notes, exportedAt } = res.body.data;
    expect(customer).toMatchObject({ documentId: who.documentId, waId: '34633000333', phone: '+34633000333' });
    expect(customer).not.toHaveProperty('identityKey');
    expect(messages.map((m: any) => m.type)).toEqual(['text', 'image']);
    expect(messages[1].media).toMatchObject({ url: who.photoUrl, mimeType: 'image/png' });
    expect(notes).toEqual([]);
    expect(Date.parse(exportedAt)).not.toBeNaN();

    const audit = await app.http.get(`/whatsapp/audit?action=customer.exported&subjectId=${who.documentId}`).set(auth);
    expect(audit.body.data).toHaveLength(1);
  });

  it('erases a customer: messages, media files, raw webhook bodies, conversation records, identity; nothing of another customer', async () => {
    const erased = await customerWrites(ERASED);
    const kept = await customerWrites(KEPT);
    // A read marker and a note on the conversation, as the inbox writes them.
    const key: string = (await app.strapi.db.query(UID.message).findOne({ where: { customerWaId: ERASED.waId } })).conversationKey;
    await app.http.post('/whatsapp/conversations/read').set(auth).send({ customerDocumentId: erased.documentId }).expect(200);
    await app.strapi.db.query(UID.conversationNote).create({ data: { conversationKey: key, body: 'Prefers mornings', authorName: 'Ana' } });
    expect(fs.existsSync(uploadPath(erased.photoUrl))).toBe(true);

    const messageIds = (await app.strapi.db.query(UID.message).findMany({ where: { customerWaId: ERASED.waId }, select: ['id'] })).map((m: any) => m.id);
    const res = await app.http.post(`/whatsapp/customers/${erased.documentId}/erase`).set(auth).send({ confirm: true });
    expect(res.status).toBe(200);
    expect(res.body.data.erased).toMatchObject({ messages: 2, mediaFiles: 1, webhookEvents: 2 });
    expect(res.body.data.erased.conversationRecords).toBeGreaterThanOrEqual(2);

    // Nothing of the customer is left, in any table or in the upload folder.
    const db = app.strapi.db;
    expect(await db.query(UID.customer).count({ where: { documentId: erased.documentId } })).toBe(0);
    expect(await db.query(UID.message).count({ where: { $or: [{ customerWaId: ERASED.waId }, { conversationKey: key }] } })).toBe(0);
    expect(await db.query(UID.webhookEvent).count({ where: { rawBody: { $contains: ERASED.waId } } })).toBe(0);
    expect(await db.query(UID.conversationRead).count({ where: { conversationKey: key } })).toBe(0);
    expect(await db.query(UID.conversationNote).count({ where: { conversationKey: key } })).toBe(0);
    expect(await db.query('plugin::upload.file').count({ where: { id: erased.fileId } })).toBe(0);
    expect(fs.existsSync(uploadPath(erased.photoUrl))).toBe(false);
    const morph = (db.metadata.get('plugin::upload.file').attributes as any).related.joinTable;
    expect(await db.connection(morph.name).where(morph.joinColumn.name, erased.fileId).count({ n: '*' }).first().then((row: any) => Number(row.n))).toBe(0);
    // No relation row of the deleted messages either (customer, tenant, number links).
    for (const name of ['customer', 'tenant', 'phoneNumber']) {
      const joinTable = (db.metadata.get(UID.message).attributes as any)[name].joinTable;
      const left = await db.connection(joinTable.name).whereIn(joinTable.joinColumn.name, messageIds).count({ n: '*' }).first();
      expect([name, Number((left as any).n)]).toEqual([name, 0]);
    }
    const everything = JSON.stringify(await db.connection(db.metadata.get(UID.liveEvent).tableName).select('*'));
    expect(everything).not.toContain(ERASED.waId);

    // The other customer is intact.
    expect(await db.query(UID.message).count({ where: { customerWaId: KEPT.waId } })).toBe(2);
    expect(fs.existsSync(uploadPath(kept.photoUrl))).toBe(true);
    expect(await db.query(UID.webhookEvent).count({ where: { rawBody: { $contains: KEPT.waId } } })).toBe(2);

    // The erasure is audited, without naming the customer.
    const audit = await app.http.get(`/whatsapp/audit?action=customer.erased&subjectId=${erased.documentId}`).set(auth);
    expect(audit.body.data).toHaveLength(1);
    expect(audit.body.data[0].after).toMatchObject({ messages: 2, mediaFiles: 1 });
    expect(JSON.stringify(audit.body.data[0])).not.toMatch(new RegExp(`${ERASED.waId}|${ERASED.name}`));

    // Gone means gone: a second erasure and an export answer 404.
    expect((await app.http.post(`/whatsapp/customers/${erased.documentId}/erase`).set(auth).send({ confirm: true })).status).toBe(404);
    expect((await app.http.get(`/whatsapp/customers/${erased.documentId}/export`).set(auth)).status).toBe(404);
  });

  it('refuses an erasure without confirmation (400 naming the field) and keeps everything', async () => {
    const who = await customerWrites({ waId: '34644000444', name: 'Sin Confirmar' });
    for (const body of [{}, { confirm: 'yes' }, { confirm: false }, { confirm: true, extra: 1 }]) {
      const res = await app.http.post(`/whatsapp/customers/${who.documentId}/erase`).set(auth).send(body);
      expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), 400]);
    }
    const res = await app.http.post(`/whatsapp/customers/${who.documentId}/erase`).set(auth).send({});
    expect(res.body.error.message).toMatch(/^confirm: must be true/);
    expect(await app.strapi.db.query(UID.message).count({ where: { customerWaId: '34644000444' } })).toBe(2);
  });

  it('needs customers-erase to erase and customers-export to export', async () => {
    const who = await customerWrites({ waId: '34655000555', name: 'Con Permisos' });
    const reader = bearer((await adminWithActions(app, [ACTIONS.messagesRead, ACTIONS.customersExport])).token);
    expect((await app.http.post(`/whatsapp/customers/${who.documentId}/erase`).set(reader).send({ confirm: true })).status).toBe(403);
    expect((await app.http.get(`/whatsapp/customers/${who.documentId}/export`).set(reader)).status).toBe(200);
    const nobody = bearer((await adminWithActions(app, [ACTIONS.messagesRead])).token);
    expect((await app.http.get(`/whatsapp/customers/${who.documentId}/export`).set(nobody)).status).toBe(403);
  });

  it('retention deletes messages older than WHATSAPP_MESSAGE_RETENTION_DAYS with their media files, and keeps newer and queued ones', async () => {
    const old = await customerWrites({ waId: '34666000666', name: 'Mensajes Viejos' });
    const recent = await customerWrites({ waId: '34677000777', name: 'Mensajes Nuevos' });
    const longAgo = new Date(Date.now() - 91 * 24 * 60 * 60 * 1000);
    await app.strapi.db.query(UID.message).updateMany({ where: { customerWaId: '34666000666' }, data: { occurredAt: longAgo } });
    const queued = await app.strapi.db.query(UID.message).create({
      data: { direction: 'outbound', type: 'text', deliveryStatus: 'queued', body: 'not sent yet', occurredAt: longAgo, customerWaId: '34666000666' },
    });

    const result = await app.strapi.plugin(PLUGIN_ID).service('message-retention').prune();

    expect(result).toEqual({ messages: 2, files: 1 });
    expect(await app.strapi.db.query(UID.message).count({ where: { customerWaId: '34666000666' } })).toBe(1); // the queued one
    expect(await app.strapi.db.query(UID.message).count({ where: { id: queued.id } })).toBe(1);
    expect(fs.existsSync(uploadPath(old.photoUrl))).toBe(false);
    expect(await app.strapi.db.query('plugin::upload.file').count({ where: { id: old.fileId } })).toBe(0);
    expect(fs.existsSync(uploadPath(recent.photoUrl))).toBe(true);
    expect(await app.strapi.db.query(UID.message).count({ where: { customerWaId: '34677000777' } })).toBe(2);
  });
});

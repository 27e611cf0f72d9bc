/**
 * The curated Content Manager views (docs/content-manager.md), through the content manager's own
 * HTTP routes as the admin panel calls them: labels, list columns, read-only and hidden fields of
 * the plugin's types and the host's, the server refusing what the form only disables, and a view
 * a user changed in "Configure the view" surviving a restart on the same database.
 */
import { createAdmin, startTestApp, type TestApp } from './helpers/strapi';
import { UID } from '../plugins/whatsapp/shared/uids';
import { messageView as shippedMessageView } from '../plugins/whatsapp/server/src/core/content-manager/views/message';

const PO = 'api::purchase-order.purchase-order';

describe('Content Manager views', () => {
  let app: TestApp;
  let token = '';
  const auth = () => ({ Authorization: `Bearer ${token}` });
  const configuration = async (uid: string) => {
    const res = await app.http.get(`/content-manager/content-types/${uid}/configuration`).set(auth());
    expect(res.status).toBe(200);
    return res.body.data.contentType as { settings: any; metadatas: Record<string, { edit: any; list: any }>; layouts: { list: string[]; edit: Array<Array<{ name: string; size: number }>> } };
  };
  const editNames = (config: { layouts: { edit: Array<Array<{ name: string }>> } }) => config.layouts.edit.flat().map((field) => field.name);

  beforeAll(async () => {
    app = await startTestApp();
    ({ token } = await createAdmin(app));
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('shows messages with human labels, the curated columns and every field read-only', async () => {
    const config = await configuration(UID.message);
    expect(config.layouts.list).toEqual(['direction', 'type', 'deliveryStatus', 'customer', 'tenant', 'occurredAt']);
    expect(config.layouts.list.map((name) => config.metadatas[name].list.label)).toEqual(['Direction', 'Type', 'Delivery status', 'Customer', 'Tenant', 'Time']);
    expect(config.settings).toMatchObject({ defaultSortBy: 'occurredAt', defaultSortOrder: 'DESC', pageSize: 20 });
    expect(config.metadatas.wamid.edit).toMatchObject({ label: 'WhatsApp message id (wamid)', editable: false, visible: true });
    expect(config.metadatas.deliveryStatus.edit.editable).toBe(false);
    expect(config.metadatas.customer.edit).toMatchObject({ editable: false, mainField: 'name' });
    // Outbox internals are not in the edit view at all.
    for (const hidden of ['lockedBy', 'lockedAt', 'idempotencyKey', 'conversationKey']) {
      expect([hidden, editNames(config).includes(hidden), config.metadatas[hidden].edit.visible]).toEqual([hidden, false, false]);
    }
    expect(editNames(config).slice(0, 4)).toEqual(['direction', 'type', 'deliveryStatus', 'occurredAt']);
    expect(editNames(config).filter((name) => config.metadatas[name].edit.editable !== false)).toEqual([]);
  });

  it('shows customers, templates, numbers and webhook events with their columns; machine fields read-only or hidden', async () => {
    const customer = await configuration(UID.customer);
    expect(customer.layouts.list).toEqual(['name', 'phone', 'tenant', 'optedIn', 'marketingOptOut', 'lastInboundAt']);
    expect(customer.metadatas.name.edit).toMatchObject({ label: 'Name', editable: true });
    expect(customer.metadatas.waId.edit).toMatchObject({ label: 'WhatsApp id (wa_id)', editable: false });
    expect(customer.metadatas.optedInAt.edit.editable).toBe(false);
    expect(editNames(customer)).not.toContain('identityKey');

    const template = await configuration(UID.template);
    expect(template.layouts.list).toEqual(['name', 'language', 'category', 'parameterFormat', 'account', 'updatedAt']);
    expect(template.metadatas.category.list.label).toBe('Category');
    // Shown, never written here: the template form writes templates.
    expect(template.metadatas.body.edit).toMatchObject({ label: 'Body', editable: false });
    expect(editNames(template).filter((name) => template.metadatas[name].edit.editable !== false)).toEqual([]);

    const number = await configuration(UID.phoneNumber);
    expect(number.layouts.list).toEqual(['displayPhoneNumber', 'verifiedName', 'numberStatus', 'qualityRating', 'tenant', 'lastSyncedAt']);
    expect(number.metadatas.phoneNumberId.edit.editable).toBe(false);
    expect(number.metadatas.throughputPerSecond.edit.editable).toBe(true);

    const events = await configuration(UID.webhookEvent);
    expect(events.layouts.list.slice(0, 3)).toEqual(['receivedAt', 'processingStatus', 'fields']);
    expect(events.metadatas.processingStatus.list.label).toBe('Processing status');
    expect(events.metadatas.payloadNotes.edit).toMatchObject({ label: 'Skipped parts of the payload', editable: false });

    const quickReplies = await configuration(UID.quickReply);
    expect(quickReplies.layouts.list).toEqual(['shortcut', 'title', 'tenant', 'updatedAt']);
    expect(quickReplies.metadatas.body.edit).toMatchObject({ label: 'Text', editable: true });
    expect(editNames(events).filter((name) => events.metadatas[name].edit.editable !== false)).toEqual([]);
  });

  it('shows the host app’s purchase orders with the number, supplier and order status', async () => {
    const config = await configuration(PO);
    expect(config.layouts.list.slice(0, 3)).toEqual(['poNumber', 'supplier', 'orderStatus']);
    expect(config.metadatas.orderStatus.edit.label).toBe('Order status');
    expect(config.metadatas.supplier.edit.mainField).toBe('name');
    expect(config.settings.mainField).toBe('poNumber');
  });

  it('refuses a Content Manager request that changes a read-only field, naming it, and accepts the form sent back unchanged', async () => {
    const created = await app.http
      .post(`/content-manager/collection-types/${UID.customer}`)
      .set(auth())
      .send({ name: 'Lucía', phone: '+34 611 22 33 44', optedIn: true, waId: '999', identityKey: 'forged' });
    expect(created.status).toBe(201);
    const customer = created.body.data;
    // The plugin's values, not the request's; the consent got its time.
    expect(customer.waId).toBe('34611223344');
    const stored = await app.strapi.db.query(UID.customer).findOne({ where: { documentId: customer.documentId } });
    expect(stored.identityKey).not.toBe('forged');
    expect(stored.optedInAt).toBeTruthy();

    const url = `/content-manager/collection-types/${UID.customer}/${customer.documentId}`;
    const refused = await app.http.put(url).set(auth()).send({ ...customer, waId: '34000000000' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/^waId: /);
    expect(refused.body.error.details.errors[0].path).toEqual(['waId']);

    const saved = await app.http.put(url).set(auth()).send({ ...customer, notes: 'Prefers mornings', marketingOptOut: true });
    expect([saved.status, saved.body.error]).toEqual([200, undefined]);
    expect(saved.body.data.notes).toBe('Prefers mornings');
    const after = await app.strapi.db.query(UID.customer).findOne({ where: { documentId: customer.documentId } });
    expect(after.marketingOptOutAt).toBeTruthy();
    expect(after.identityKey).toBe(stored.identityKey);
  });

  it('does not let the Content Manager create messages or change the comms log', async () => {
    const create = await app.http
      .post(`/content-manager/collection-types/${UID.message}`)
      .set(auth())
      .send({ direction: 'outbound', type: 'text', deliveryStatus: 'queued', body: 'sent behind the checks' });
    expect(create.status).toBe(400);
    expect(create.body.error.message).toMatch(/written by the WhatsApp plugin only/);
    expect(await app.strapi.db.query(UID.message).count({ where: { body: 'sent behind the checks' } })).toBe(0);

    const message = await app.strapi.documents(UID.message).create({ data: { direction: 'inbound', type: 'text', deliveryStatus: 'received', body: 'Hola', occurredAt: new Date() } as any });
    const url = `/content-manager/collection-types/${UID.message}/${message.documentId}`;
    const current = (await app.http.get(url).set(auth())).body.data;
    const requeue = await app.http.put(url).set(auth()).send({ ...current, deliveryStatus: 'queued' });
    expect(requeue.status).toBe(400);
    expect(requeue.body.error.details.errors[0].path).toEqual(['deliveryStatus']);
    const unchanged = await app.http.put(url).set(auth()).send(current);
    expect(unchanged.status).toBe(200);
    expect((await app.strapi.db.query(UID.message).findOne({ where: { documentId: message.documentId } })).deliveryStatus).toBe('received');
  });

  it('keeps a view the user changed in “Configure the view” across a restart', async () => {
    const before = await configuration(UID.message);
    // What the admin's "Configure the view" sends: the list metadatas without the relations'
    // mainField that the GET adds.
    const metadatas = Object.fromEntries(Object.entries(before.metadatas).map(([name, { edit, list }]) => [name, { edit, list: { label: list.label, searchable: list.searchable, sortable: list.sortable } }]));
    const changed = {
      settings: { ...before.settings, pageSize: 50 },
      metadatas: { ...metadatas, direction: { ...metadatas.direction, list: { ...metadatas.direction.list, label: 'In or out' } } },
      layouts: { ...before.layouts, list: ['direction', 'body', 'occurredAt'] },
    };
    const put = await app.http.put(`/content-manager/content-types/${UID.message}/configuration`).set(auth()).send(changed);
    expect([put.status, put.body.error]).toEqual([200, undefined]);

    const { database } = app;
    await app.stop({ keepDatabase: true });
    app = await startTestApp({ database });
    ({ token } = await createAdmin(app));

    const after = await configuration(UID.message);
    expect(after.layouts.list).toEqual(['direction', 'body', 'occurredAt']);
    expect(after.metadatas.direction.list.label).toBe('In or out');
    expect(after.settings.pageSize).toBe(50);
    // The untouched curated parts are still there too.
    expect(after.metadatas.wamid.edit.editable).toBe(false);
    const marks = await app.strapi.store({ type: 'plugin', name: 'whatsapp' }).get({ key: 'content-manager-views' });
    expect((marks as any)[UID.message].version).toBe(shippedMessageView.version);
    expect((marks as any)[PO].version).toBe(1);
  });

  it('writes a new version of a view where the user changed nothing, and keeps what they changed', async () => {
    // As an upgrade of the plugin would ship it: the next version relabels "Direction" and "Type" and adds a column.
    const { applyContentManagerViews } = require('strapi-plugin-whatsapp/strapi-server');
    const { messageView } = require('../plugins/whatsapp/server/src/core/content-manager/views/message');
    const relabel = (field: string, en: string) => ({ ...messageView.fields[field], label: { ...messageView.fields[field].label, en } });
    await applyContentManagerViews(app.strapi, [
      { ...messageView, version: messageView.version + 1, list: [...messageView.list, 'body'], fields: { ...messageView.fields, direction: relabel('direction', 'In/out'), type: relabel('type', 'Kind of message') } },
    ]);
    const after = await configuration(UID.message);
    expect(after.metadatas.type.list.label).toBe('Kind of message'); // untouched by the user: new label
    expect(after.metadatas.type.edit.label).toBe('Kind of message');
    expect(after.metadatas.direction.list.label).toBe('In or out'); // the user's
    expect(after.metadatas.direction.edit.label).toBe('In/out'); // the user changed only the list label
    expect(after.layouts.list).toEqual(['direction', 'body', 'occurredAt']); // the user's columns
    expect(after.settings.pageSize).toBe(50);
    const marks = await app.strapi.store({ type: 'plugin', name: 'whatsapp' }).get({ key: 'content-manager-views' });
    expect((marks as any)[UID.message].version).toBe(shippedMessageView.version + 1);
  });
});

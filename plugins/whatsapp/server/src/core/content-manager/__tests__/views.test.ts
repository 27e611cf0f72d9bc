import fs from 'fs';
import path from 'path';
import { mergeView, viewLeaves, isStrapiDefault, type CmModel, type MergeContext } from '../apply';
import { sameValue } from '../guard';
import { contentManagerMessages } from '../translations';
import { PLUGIN_VIEWS } from '../views';
import { messageView } from '../views/message';

const CONTENT_TYPES = path.resolve(__dirname, '..', '..', '..', 'content-types');
const schemaOf = (uid: string) => {
  const name = uid.split('.')[1];
  return JSON.parse(fs.readFileSync(path.join(CONTENT_TYPES, name, 'schema.json'), 'utf8'));
};

/** The content-manager's model of a type: `id` first, the visible attributes, timestamps, `documentId`. */
const modelOf = (uid: string): CmModel => {
  const schema = schemaOf(uid);
  const visible = Object.fromEntries(Object.entries(schema.attributes).filter(([, a]: [string, any]) => a.visible !== false));
  return {
    uid,
    attributes: { id: { type: 'integer' }, ...(visible as CmModel['attributes']), createdAt: { type: 'datetime' }, updatedAt: { type: 'datetime' }, documentId: { type: 'string' } },
  };
};

const SIZES: Record<string, number> = { json: 12, boolean: 4, integer: 4, biginteger: 4, decimal: 4, float: 4, date: 4 };
const context: MergeContext = { fieldSize: (type) => SIZES[type] ?? 6, findModel: (uid) => (uid.startsWith('plugin::whatsapp.') ? modelOf(uid) : undefined) };

describe('the plugin’s curated Content Manager views', () => {
  it.each(PLUGIN_VIEWS.map((view) => [view.uid, view] as const))('%s names only real fields, with labels in en, es and eu', (_uid, view) => {
    const schema = schemaOf(view.uid);
    const model = modelOf(view.uid);
    expect(view.displayName?.en).toBe(schema.info.displayName);
    for (const [name, field] of Object.entries(view.fields)) {
      expect([name, Boolean(model.attributes[name])]).toEqual([name, true]);
      for (const locale of ['en', 'es', 'eu'] as const) expect([name, locale, field.label[locale].trim().length > 0]).toEqual([name, locale, true]);
    }
    for (const name of [...view.list, ...view.edit.flat()]) expect([name, Boolean(view.fields[name])]).toEqual([name, true]);
    // Every column Strapi can list (no json, no hidden attribute).
    expect(viewLeaves(view, model, context)['layouts.list']).toEqual(view.list);
  });

  it('writes the view over Strapi’s generated defaults', () => {
    const model = modelOf(messageView.uid);
    const generated = {
      settings: { mainField: 'wamid', defaultSortBy: 'wamid', defaultSortOrder: 'ASC', pageSize: 10 },
      metadatas: { direction: { edit: { label: 'direction', description: '', editable: true, visible: true }, list: { label: 'direction' } } },
      layouts: { list: ['id', 'wamid', 'direction', 'type'], edit: [[{ name: 'wamid', size: 6 }, { name: 'direction', size: 6 }]] },
    };
    const { configuration, kept } = mergeView(generated, messageView, model, undefined, context);
    expect(kept).toEqual([]);
    expect(configuration.layouts.list).toEqual(['direction', 'type', 'deliveryStatus', 'customer', 'tenant', 'occurredAt']);
    expect(configuration.metadatas.direction.edit).toMatchObject({ label: 'Direction', editable: false });
    expect(configuration.metadatas.lockedBy.edit).toMatchObject({ visible: false, editable: false });
    expect(configuration.layouts.edit.flat().map((f) => f.name)).not.toContain('lockedBy');
    expect(configuration.layouts.edit.every((row) => row.reduce((sum, f) => sum + f.size, 0) <= 12)).toBe(true);
    expect(configuration.settings).toMatchObject({ defaultSortBy: 'occurredAt', defaultSortOrder: 'DESC', pageSize: 20 });
  });

  it('keeps what a user changed: over Strapi’s defaults on a first write, over the previous version later', () => {
    const model = modelOf(messageView.uid);
    const userArranged = {
      settings: { pageSize: 50 },
      metadatas: { direction: { edit: { label: 'Way', editable: true }, list: { label: 'Way' } } },
      layouts: { list: ['id', 'type', 'wamid'], edit: [[{ name: 'type', size: 6 }, { name: 'wamid', size: 6 }]] },
    };
    const first = mergeView(userArranged, messageView, model, undefined, context);
    expect(first.kept).toEqual(expect.arrayContaining(['settings.pageSize', 'metadatas.direction.edit.label', 'metadatas.direction.list.label', 'layouts.list', 'layouts.edit']));
    expect(first.configuration.layouts.list).toEqual(['id', 'type', 'wamid']);
    expect(first.configuration.metadatas.direction.edit.editable).toBe(false); // untouched by the user

    // Version 2 changes the English label; the user renamed "Type" after version 1 was written.
    const written = mergeView({ settings: {}, metadatas: {}, layouts: {} as any }, messageView, model, undefined, context);
    const afterUser = structuredClone(written.configuration);
    afterUser.metadatas.type.edit.label = 'Kind';
    const v2 = { ...messageView, version: 2, fields: { ...messageView.fields, type: { ...messageView.fields.type, label: { ...messageView.fields.type.label, en: 'Message type' } }, direction: { ...messageView.fields.direction, label: { ...messageView.fields.direction.label, en: 'In/out' } } } };
    const second = mergeView(afterUser, v2, model, written.applied, context);
    expect(second.configuration.metadatas.type.edit.label).toBe('Kind');
    expect(second.configuration.metadatas.direction.edit.label).toBe('In/out');
    expect(second.kept).toEqual(['metadatas.type.edit.label']);
  });

  it('recognises Strapi’s own edit layout by its schema order', () => {
    const model = modelOf(messageView.uid);
    expect(isStrapiDefault('layouts.edit', [[{ name: 'wamid', size: 6 }, { name: 'type', size: 6 }]], model, context)).toBe(true);
    expect(isStrapiDefault('layouts.edit', [[{ name: 'type', size: 6 }, { name: 'wamid', size: 6 }]], model, context)).toBe(false);
  });

  it('translates field and type names into Spanish and Basque, and leaves English to the stored labels', () => {
    expect(contentManagerMessages(PLUGIN_VIEWS, 'en')).toEqual({});
    const es = contentManagerMessages(PLUGIN_VIEWS, 'es');
    expect(es['content-manager.content-types.plugin::whatsapp.message.deliveryStatus']).toBe('Estado de entrega');
    expect(es['WhatsApp message']).toBe('Mensaje de WhatsApp');
    expect(contentManagerMessages(PLUGIN_VIEWS, 'eu')['content-manager.content-types.plugin::whatsapp.customer.name']).toBe('Izena');
  });
});

describe('sameValue (the guard’s “unchanged” test)', () => {
  it('compares a value as the form sends it with the stored one', () => {
    expect(sameValue('datetime', '2026-12-03T08:00:00.000Z', new Date('2026-12-03T08:00:00Z'))).toBe(true);
    expect(sameValue('datetime', '2026-12-03T08:00:01.000Z', new Date('2026-12-03T08:00:00Z'))).toBe(false);
    expect(sameValue('json', { a: [1, 2] }, '{"a":[1,2]}')).toBe(true);
    expect(sameValue('string', '', null)).toBe(true);
    expect(sameValue('string', 'wamid.X', 'wamid.Y')).toBe(false);
    expect(sameValue('integer', '3', 3)).toBe(true);
    expect(sameValue('boolean', false, null)).toBe(true);
    expect(sameValue('media', { id: 4, url: '/x' }, { id: 4 })).toBe(true);
  });
});

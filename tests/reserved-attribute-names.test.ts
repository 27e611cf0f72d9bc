/**
 * No content type of the app or of the plugin uses a name Strapi reserves (#12: `status` made the
 * content manager show "Published" for every message and refuse a purchase order's status with
 * "Invalid status"). The lists are Strapi's own, from @strapi/utils (`contentTypes`, the module the
 * content-type builder refuses names with: @strapi/content-type-builder's services/builder.js
 * calls `isReservedAttributeName(name)` / `getReservedAttributeNames()` with their default,
 * draft & publish on, which includes `status`). So a name Strapi adds to its list in an upgrade
 * fails here too.
 */
import fs from 'fs';
import path from 'path';
import { contentTypes } from '@strapi/utils';

const ROOT = path.resolve(__dirname, '..');

/** Schema files: content types (`content-types/<name>/schema.json`) and components (`components/<category>/<name>.json`). */
function schemaFiles(dir: string, kind: 'content-type' | 'component'): string[] {
  if (!fs.existsSync(dir)) return [];
  const found: string[] = [];
  const walk = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== '__tests__') walk(full);
      } else if (kind === 'content-type' ? entry.name === 'schema.json' && full.includes(`${path.sep}content-types${path.sep}`) : entry.name.endsWith('.json')) {
        found.push(full);
      }
    }
  };
  walk(dir);
  return found.sort();
}

const FILES = [
  ...schemaFiles(path.join(ROOT, 'src', 'api'), 'content-type'),
  ...schemaFiles(path.join(ROOT, 'src', 'extensions'), 'content-type'),
  ...schemaFiles(path.join(ROOT, 'src', 'components'), 'component'),
  ...schemaFiles(path.join(ROOT, 'plugins', 'whatsapp', 'server', 'src', 'content-types'), 'content-type'),
  ...schemaFiles(path.join(ROOT, 'plugins', 'whatsapp', 'server', 'src', 'components'), 'component'),
].map((file) => ({ file: path.relative(ROOT, file), schema: JSON.parse(fs.readFileSync(file, 'utf8')) }));

describe('reserved names (Strapi’s lists in @strapi/utils)', () => {
  it('finds the schemas of the app and of the plugin', () => {
    const files = FILES.map(({ file }) => file);
    expect(files).toEqual(
      expect.arrayContaining([
        'src/api/purchase-order/content-types/purchase-order/schema.json',
        'src/api/invoice/content-types/invoice/schema.json',
        'plugins/whatsapp/server/src/content-types/message/schema.json',
        'plugins/whatsapp/server/src/content-types/template/schema.json',
      ])
    );
    expect(files.filter((file) => file.startsWith('src/')).length).toBeGreaterThanOrEqual(4);
    expect(files.filter((file) => file.startsWith('plugins/')).length).toBeGreaterThanOrEqual(10);
  });

  it('the list is Strapi’s, with `status` in it (what the content-type builder refuses)', () => {
    const reserved = contentTypes.getReservedAttributeNames();
    expect(reserved).toEqual(expect.arrayContaining(['id', 'document_id', 'created_at', 'published_at', 'locale', 'localizations', 'meta', 'status', 'strapi*']));
    expect(contentTypes.isReservedAttributeName('status')).toBe(true);
    expect(contentTypes.isReservedAttributeName('documentId')).toBe(true);
    expect(contentTypes.isReservedAttributeName('strapiThing')).toBe(true);
    expect(contentTypes.isReservedAttributeName('deliveryStatus')).toBe(false);
  });

  it.each(FILES.map(({ file, schema }) => [file, schema]))('%s: no attribute has a reserved name', (_file, schema: any) => {
    const reserved = Object.keys(schema.attributes ?? {}).filter((name) => contentTypes.isReservedAttributeName(name));
    expect(reserved).toEqual([]);
  });

  it.each(FILES.filter(({ schema }) => schema.info?.singularName).map(({ file, schema }) => [file, schema]))(
    '%s: the model names are not reserved',
    (_file, schema: any) => {
      const names = [schema.info.singularName, schema.info.pluralName, schema.collectionName].filter(Boolean);
      expect(names.filter((name: string) => contentTypes.isReservedModelName(name))).toEqual([]);
    }
  );
});

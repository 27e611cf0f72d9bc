import { describePath, populateFor, readPath } from '../paths';
import { lookup } from './models';

const PO = 'api::purchase-order.purchase-order';

describe('describePath', () => {
  it('follows to-one relations to a scalar', () => {
    expect(describePath(lookup, PO, 'supplier.phone')).toMatchObject({ ok: true, type: 'string' });
    expect(describePath(lookup, PO, 'supplier.tenant.defaultLanguage')).toMatchObject({ ok: true, type: 'string' });
  });

  it('describes a relation at the end with its target', () => {
    expect(describePath(lookup, PO, 'supplier')).toMatchObject({ ok: true, type: 'relation', targetUid: 'api::supplier.supplier' });
  });

  it('accepts system fields', () => {
    expect(describePath(lookup, PO, 'documentId')).toMatchObject({ ok: true, type: 'string' });
    expect(describePath(lookup, PO, 'supplier.updatedAt')).toMatchObject({ ok: true, type: 'datetime' });
  });

  it('names the unknown field and its model', () => {
    const result = describePath(lookup, PO, 'supplier.fax');
    expect(result.ok).toBe(false);
    expect(result.error).toBe('"fax" is not a field of Supplier (in supplier.fax)');
  });

  it('refuses to-many relations, stepping into scalars and multiple files', () => {
    expect(describePath(lookup, PO, 'lines.name').error).toMatch(/links to many records/);
    expect(describePath(lookup, PO, 'poNumber.length').error).toMatch(/is a string, not a relation/);
    expect(describePath(lookup, PO, 'attachments').error).toMatch(/several files/);
  });

  it('reads into single components and file urls', () => {
    expect(describePath(lookup, PO, 'address.city')).toMatchObject({ ok: true, type: 'string' });
    expect(describePath(lookup, PO, 'cover.url')).toMatchObject({ ok: true, type: 'string' });
    expect(describePath(lookup, PO, 'cover.size').ok).toBe(false);
  });

  it('rejects an empty path and unknown models', () => {
    expect(describePath(lookup, PO, '').ok).toBe(false);
    expect(describePath(lookup, 'api::nope.nope', 'a').error).toMatch(/unknown content type/);
  });
});

describe('populateFor', () => {
  it('populates only the relations the paths cross, merged', () => {
    expect(populateFor(lookup, PO, ['orderStatus', 'supplier.name', 'supplier.tenant.defaultLanguage', 'tenant'])).toEqual({
      supplier: { populate: { tenant: true } },
      tenant: true,
    });
  });

  it('is empty for scalar paths', () => {
    expect(populateFor(lookup, PO, ['orderStatus', 'total'])).toEqual({});
  });
});

describe('readPath', () => {
  const record = { orderStatus: 'approved', supplier: { name: 'Harinas', tenant: null }, total: 0 };
  it('reads nested values and keeps falsy ones', () => {
    expect(readPath(record, 'supplier.name')).toBe('Harinas');
    expect(readPath(record, 'total')).toBe(0);
  });
  it('returns undefined through empty relations', () => {
    expect(readPath(record, 'supplier.tenant.defaultLanguage')).toBeUndefined();
    expect(readPath(record, 'supplier.tenant')).toBeUndefined();
    expect(readPath(null, 'orderStatus')).toBeUndefined();
  });
});

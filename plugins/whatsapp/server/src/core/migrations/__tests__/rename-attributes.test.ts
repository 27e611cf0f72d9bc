/**
 * The pure parts of the attribute-rename migration (core/migrations/rename-attributes.ts): rule
 * paths followed through relations, the Content Manager view. The database side (columns, on
 * SQLite and PostgreSQL, from a real pre-rename database) is tests/migrations/reserved-names.test.ts.
 */
import { renameInConfiguration, renameInRule, renamePath, reversed, type AttributeRename } from '../rename-attributes';
import { RESERVED_NAME_RENAMES } from '..';

const PO = 'api::purchase-order.purchase-order';
const MODELS: Record<string, { attributes: Record<string, any> }> = {
  [PO]: {
    attributes: {
      orderStatus: { type: 'enumeration' },
      poNumber: { type: 'string' },
      tenant: { type: 'relation', relation: 'manyToOne', target: 'plugin::whatsapp.tenant' },
      supplier: { type: 'relation', relation: 'manyToOne', target: 'api::supplier.supplier' },
    },
  },
  'api::supplier.supplier': { attributes: { name: { type: 'string' }, status: { type: 'string' } } },
  'plugin::whatsapp.tenant': { attributes: { phoneNumber: { type: 'relation', relation: 'oneToOne', target: 'plugin::whatsapp.phone-number' } } },
  'plugin::whatsapp.phone-number': { attributes: { numberStatus: { type: 'string' }, phoneNumberId: { type: 'string' } } },
};
const db = { metadata: { has: (uid: string) => uid in MODELS, get: (uid: string) => MODELS[uid] } } as any;
const RENAMES: AttributeRename[] = [...RESERVED_NAME_RENAMES, { uid: PO, from: 'status', to: 'orderStatus' }];

describe('renamePath', () => {
  it('renames the attribute on the rule’s type and through to-one relations', () => {
    expect(renamePath(db, PO, 'status', RENAMES)).toBe('orderStatus');
    expect(renamePath(db, PO, 'tenant.phoneNumber.status', RENAMES)).toBe('tenant.phoneNumber.numberStatus');
  });

  it('leaves a `status` of a type that was not renamed, and paths that do not read one', () => {
    expect(renamePath(db, PO, 'supplier.status', RENAMES)).toBe('supplier.status');
    expect(renamePath(db, PO, 'tenant.phoneNumber.phoneNumberId', RENAMES)).toBe('tenant.phoneNumber.phoneNumberId');
    expect(renamePath(db, PO, 'orderStatus', RENAMES)).toBe('orderStatus'); // already renamed: idempotent
    expect(renamePath(db, PO, null, RENAMES)).toBeNull();
    expect(renamePath(db, PO, '', RENAMES)).toBe('');
  });

  it('goes back with the reversed renames', () => {
    expect(renamePath(db, PO, 'tenant.phoneNumber.numberStatus', reversed(RENAMES))).toBe('tenant.phoneNumber.status');
  });
});

describe('renameInRule', () => {
  const rule = {
    contentType: PO,
    condition: { field: 'status', operator: 'changedTo', value: 'approved' },
    parameterMapping: {
      'body.1': { source: 'field', path: 'tenant.phoneNumber.status', format: 'auto' },
      'body.2': { source: 'field', path: 'total', format: 'currency', currencyPath: 'status' },
      'body.3': { source: 'fixed', value: 'status' },
    },
    recipientPath: 'supplier.phone',
    tenantPath: 'tenant',
  };

  it('renames the condition field, mapping paths and currency paths; fixed texts stay', () => {
    expect(renameInRule(db, rule, RENAMES)).toEqual({
      condition: { field: 'orderStatus', operator: 'changedTo', value: 'approved' },
      parameterMapping: {
        'body.1': { source: 'field', path: 'tenant.phoneNumber.numberStatus', format: 'auto' },
        'body.2': { source: 'field', path: 'total', format: 'currency', currencyPath: 'orderStatus' },
        'body.3': { source: 'fixed', value: 'status' },
      },
      recipientPath: 'supplier.phone',
      tenantPath: 'tenant',
    });
  });

  it('answers undefined for a rule with nothing to rename (it is not written again)', () => {
    expect(renameInRule(db, { ...rule, ...renameInRule(db, rule, RENAMES)! }, RENAMES)).toBeUndefined();
    expect(renameInRule(db, { contentType: PO, condition: null, parameterMapping: {}, recipientPath: 'supplier.phone', tenantPath: null }, RENAMES)).toBeUndefined();
  });
});

describe('renameInConfiguration', () => {
  const view = () => ({
    settings: { mainField: 'status', defaultSortBy: 'status', pageSize: 10 },
    metadatas: {
      id: { edit: {}, list: { label: 'id' } },
      status: { edit: { label: 'status', visible: true }, list: { label: 'Estado', sortable: true } },
    },
    layouts: { list: ['id', 'status'], edit: [[{ name: 'poNumber', size: 6 }, { name: 'status', size: 6 }]] },
  });

  it('keeps the field where it was, with its metadata; a label that was the old name follows', () => {
    expect(renameInConfiguration(view(), 'status', 'orderStatus')).toEqual({
      settings: { mainField: 'orderStatus', defaultSortBy: 'orderStatus', pageSize: 10 },
      metadatas: {
        id: { edit: {}, list: { label: 'id' } },
        orderStatus: { edit: { label: 'orderStatus', visible: true }, list: { label: 'Estado', sortable: true } },
      },
      layouts: { list: ['id', 'orderStatus'], edit: [[{ name: 'poNumber', size: 6 }, { name: 'orderStatus', size: 6 }]] },
    });
  });

  it('answers undefined when there is nothing to rename', () => {
    expect(renameInConfiguration(renameInConfiguration(view(), 'status', 'orderStatus'), 'status', 'orderStatus')).toBeUndefined();
    expect(renameInConfiguration(null, 'status', 'orderStatus')).toBeUndefined();
  });
});

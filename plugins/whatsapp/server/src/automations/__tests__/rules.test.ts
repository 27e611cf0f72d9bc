import { automationInputSchema } from '../../../../shared/contracts/automations';
import { checkRule, compileRule } from '../rules';
import { lookup } from './models';

const base = automationInputSchema.parse({
  name: 'PO approved',
  contentType: 'api::purchase-order.purchase-order',
  event: 'updated',
  condition: { field: 'orderStatus', operator: 'changedTo', value: 'approved' },
  recipientPath: 'supplier.phone',
  tenantPath: 'tenant',
  templateName: 'po_notification',
  language: 'es',
  parameterMapping: {
    'body.1': { source: 'field', path: 'supplier.name' },
    'body.2': { source: 'field', path: 'poNumber' },
    'body.3': { source: 'field', path: 'total', format: 'currency', currencyPath: 'currency' },
  },
});

const template = { name: 'po_notification', language: 'es', reviewStatus: 'APPROVED', components: [{ type: 'BODY', text: '{{1}} {{2}} {{3}}' }] };

describe('checkRule', () => {
  it('accepts the purchase-order rule', () => {
    expect(checkRule(base, lookup, template)).toEqual({ errors: [], warnings: [] });
  });

  it('reports bad paths, enum values and mapping gaps by field', () => {
    const { errors } = checkRule(
      {
        ...base,
        condition: { field: 'orderStatus', operator: 'changedTo', value: 'aproved' },
        recipientPath: 'supplier.fax',
        parameterMapping: { 'body.1': { source: 'field', path: 'supplier.nme', format: 'auto' }, 'body.9': { source: 'adminUrl' } },
      },
      lookup,
      template
    );
    expect(errors.map((error) => error.field)).toEqual([
      'condition.value',
      'recipientPath',
      'parameterMapping.body.1',
      'parameterMapping.body.2',
      'parameterMapping.body.3',
      'parameterMapping.body.9',
    ]);
  });

  it('needs a phone on a related recipient that is not a customer', () => {
    expect(checkRule({ ...base, recipientPath: 'tenant' }, lookup, template).errors[0].message).toMatch(/without a phone field/);
    expect(checkRule({ ...base, recipientPath: 'supplier' }, lookup, template).errors).toEqual([]);
  });

  it('refuses published on types without draft & publish, and plugin plumbing', () => {
    expect(checkRule({ ...base, event: 'published' }, lookup, template).errors[0].field).toBe('event');
    expect(checkRule({ ...base, contentType: 'plugin::whatsapp.message' }, lookup, template).errors[0].message).toMatch(/cannot be watched/);
  });

  it('warns (without blocking) about a template that is missing or not approved', () => {
    expect(checkRule(base, lookup, null).warnings[0].message).toMatch(/not in Strapi yet/);
    expect(checkRule(base, lookup, { ...template, reviewStatus: 'PENDING' }).warnings[0].message).toMatch(/is PENDING/);
  });

  it('only allows equals for deleted records', () => {
    expect(checkRule({ ...base, event: 'deleted' }, lookup, template).errors[0].field).toBe('condition.operator');
  });
});

describe('compileRule', () => {
  it('marks a hand-edited rule with an unreadable condition as broken', () => {
    const rule = compileRule({ id: 1, documentId: 'r', name: 'x', contentType: 'api::job.job', event: 'updated', condition: { field: 'stage', operator: 'becomes' }, recipientPath: 'customer', templateName: 't', language: 'es', parameterMapping: {} });
    expect(rule.brokenReason).toMatch(/condition/);
  });
});

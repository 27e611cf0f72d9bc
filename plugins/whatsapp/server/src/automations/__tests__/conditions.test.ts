import { comparableValue, describeCondition, evaluateCondition } from '../conditions';

describe('evaluateCondition', () => {
  const submitted = { orderStatus: 'submitted', technician: 'Ane', customer: { documentId: 'c1' } };
  const approved = { orderStatus: 'approved', technician: 'Ane', customer: { documentId: 'c1' } };

  it('matches everything without a condition', () => {
    expect(evaluateCondition(null, submitted, approved).matched).toBe(true);
  });

  it('equals looks at the state after the change', () => {
    expect(evaluateCondition({ field: 'orderStatus', operator: 'equals', value: 'approved' }, submitted, approved).matched).toBe(true);
    expect(evaluateCondition({ field: 'orderStatus', operator: 'equals', value: 'approved' }, approved, submitted).matched).toBe(false);
  });

  it('changedTo needs a different value before', () => {
    const condition = { field: 'orderStatus', operator: 'changedTo' as const, value: 'approved' };
    expect(evaluateCondition(condition, submitted, approved)).toEqual({ matched: true, explanation: 'orderStatus changed from "submitted" to "approved"' });
    expect(evaluateCondition(condition, approved, approved)).toEqual({ matched: false, explanation: 'orderStatus was already "approved"' });
    expect(evaluateCondition(condition, approved, submitted).matched).toBe(false);
  });

  it('changedTo on a new record compares with "no value"', () => {
    expect(evaluateCondition({ field: 'orderStatus', operator: 'changedTo', value: 'approved' }, null, approved).matched).toBe(true);
  });

  it('changedFromTo needs both ends', () => {
    const condition = { field: 'orderStatus', operator: 'changedFromTo' as const, from: 'submitted', value: 'approved' };
    expect(evaluateCondition(condition, submitted, approved).matched).toBe(true);
    expect(evaluateCondition(condition, { orderStatus: 'draft' }, approved).matched).toBe(false);
    expect(evaluateCondition(condition, approved, approved).matched).toBe(false);
  });

  it('changed compares text, numbers and relations by documentId', () => {
    expect(evaluateCondition({ field: 'technician', operator: 'changed' }, submitted, { technician: 'Mikel' }).matched).toBe(true);
    expect(evaluateCondition({ field: 'technician', operator: 'changed' }, submitted, approved).matched).toBe(false);
    expect(evaluateCondition({ field: 'technician', operator: 'changed' }, { technician: '' }, { technician: null }).matched).toBe(false);
    expect(evaluateCondition({ field: 'customer', operator: 'changed' }, submitted, { customer: { documentId: 'c2' } }).matched).toBe(true);
    expect(evaluateCondition({ field: 'customer', operator: 'changed' }, submitted, approved).matched).toBe(false);
  });

  it('changedToAny ignores a field being emptied', () => {
    const condition = { field: 'technician', operator: 'changedToAny' as const };
    expect(evaluateCondition(condition, { technician: null }, { technician: 'Mikel' }).matched).toBe(true);
    expect(evaluateCondition(condition, { technician: 'Ane' }, { technician: 'Mikel' }).matched).toBe(true);
    expect(evaluateCondition(condition, { technician: 'Ane' }, { technician: '' })).toEqual({ matched: false, explanation: 'technician is empty' });
    expect(evaluateCondition(condition, { technician: 'Ane' }, { technician: 'Ane' }).matched).toBe(false);
  });

  it('compares values as text, so numbers and booleans match what an editor typed', () => {
    expect(evaluateCondition({ field: 'n', operator: 'equals', value: '5' }, null, { n: 5 }).matched).toBe(true);
    expect(evaluateCondition({ field: 'b', operator: 'equals', value: true }, null, { b: true }).matched).toBe(true);
    expect(evaluateCondition({ field: 'b', operator: 'equals', value: 'false' }, null, { b: true }).matched).toBe(false);
  });

  it('reads relation paths', () => {
    const condition = { field: 'customer.tier', operator: 'changedTo' as const, value: 'gold' };
    expect(evaluateCondition(condition, { customer: { tier: 'silver' } }, { customer: { tier: 'gold' } }).matched).toBe(true);
  });
});

describe('comparableValue and describeCondition', () => {
  it('normalises empties and dates', () => {
    expect(comparableValue('')).toBeNull();
    expect(comparableValue(undefined)).toBeNull();
    expect(comparableValue(new Date('2026-01-02T00:00:00Z'))).toBe('2026-01-02T00:00:00.000Z');
  });
  it('reads like a sentence', () => {
    expect(describeCondition({ field: 'orderStatus', operator: 'changedTo', value: 'approved' })).toBe('orderStatus changes to "approved"');
    expect(describeCondition(null)).toBe('always');
  });
});

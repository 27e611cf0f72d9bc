import { contentChanged, eventsForAction, mayMatchUpdate } from '../record-state';
import { transitionKey, versionFingerprint } from '../transition';

describe('eventsForAction', () => {
  it('treats draft saves on draft & publish types as no event', () => {
    expect(eventsForAction('update', true, undefined)).toEqual([]);
    expect(eventsForAction('update', true, 'published')).toEqual(['published', 'updated']);
    expect(eventsForAction('publish', true, undefined)).toEqual(['published', 'updated']);
  });
  it('maps create (published or not), update and delete', () => {
    expect(eventsForAction('create', true, 'published')).toEqual(['created', 'published']);
    expect(eventsForAction('create', false, undefined)).toEqual(['created']);
    expect(eventsForAction('update', false, undefined)).toEqual(['updated']);
    expect(eventsForAction('delete', false, undefined)).toEqual(['deleted']);
    expect(eventsForAction('findMany', false, undefined)).toEqual([]);
  });
});

describe('transition keys', () => {
  const fields = ['orderStatus', 'total'];
  const v0 = { id: 1, updatedAt: '2026-01-01T00:00:00.000Z', orderStatus: 'submitted', total: 10 };

  it('are equal for the same starting version', () => {
    expect(versionFingerprint(v0, fields)).toBe(versionFingerprint({ ...v0, updatedAt: new Date('2026-01-01T00:00:00.000Z') }, fields));
  });

  it('differ when the starting version differs, even within one millisecond', () => {
    expect(versionFingerprint(v0, fields)).not.toBe(versionFingerprint({ ...v0, orderStatus: 'draft' }, fields));
    expect(versionFingerprint(v0, fields)).not.toBe(versionFingerprint({ ...v0, id: 2 }, fields));
    expect(versionFingerprint(v0, fields)).not.toBe(versionFingerprint({ ...v0, updatedAt: '2026-01-01T00:00:01.000Z' }, fields));
  });

  it('name the rule, the document and the event; creation and deletion happen once', () => {
    expect(transitionKey({ ruleDocumentId: 'r', documentId: 'd', event: 'updated', from: 'abc' })).toBe('auto:r:d:updated:abc');
    expect(transitionKey({ ruleDocumentId: 'r', documentId: 'd', event: 'created', from: 'abc' })).toBe('auto:r:d:created:once');
    expect(transitionKey({ ruleDocumentId: 'r', documentId: 'd', event: 'published', from: 'abc', locale: 'es' })).toBe('auto:r:d:published:abc:es');
  });
});

describe('contentChanged', () => {
  it('ignores representation differences of decimals and empties', () => {
    expect(contentChanged({ total: '10.50', note: null }, { total: 10.5, note: '' }, ['total', 'note'])).toBe(false);
    expect(contentChanged({ total: 10 }, { total: 11 }, ['total'])).toBe(true);
  });
});

describe('mayMatchUpdate', () => {
  const changedTo = { event: 'updated', condition: { field: 'orderStatus', operator: 'changedTo' } };
  it('skips "changes" conditions on fields a plain update does not write', () => {
    expect(mayMatchUpdate(changedTo, 'update', false, { total: 3 })).toBe(false);
    expect(mayMatchUpdate(changedTo, 'update', false, { orderStatus: 'approved' })).toBe(true);
    expect(mayMatchUpdate({ event: 'updated', condition: { field: 'supplier.name', operator: 'changed' } }, 'update', false, { supplier: 'x' })).toBe(true);
  });
  it('always evaluates publications, draft & publish types and other actions', () => {
    expect(mayMatchUpdate(changedTo, 'update', true, { total: 3 })).toBe(true);
    expect(mayMatchUpdate(changedTo, 'publish', false, undefined)).toBe(true);
    expect(mayMatchUpdate({ event: 'created', condition: null }, 'create', false, {})).toBe(true);
  });
  it('needs some written field for rules without a "changes" condition', () => {
    expect(mayMatchUpdate({ event: 'updated', condition: null }, 'update', false, {})).toBe(false);
    expect(mayMatchUpdate({ event: 'updated', condition: { field: 'orderStatus', operator: 'equals' } }, 'update', false, { total: 1 })).toBe(true);
  });
});

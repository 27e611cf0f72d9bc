import { checkPayload, MAX_NOTES } from '../payload-shape';
import { findNul, replaceNul, storableText } from '../storable-text';

const value = (parts: Record<string, unknown>) => ({
  messaging_product: 'whatsapp',
  metadata: { display_phone_number: '34600000001', phone_number_id: '100000000000001' },
  ...parts,
});
const envelope = (changes: unknown) => ({ object: 'whatsapp_business_account', entry: [{ id: '200', changes }] });
const good = { from: '34600111222', id: 'wamid.ok', timestamp: '1700000000', type: 'text', text: { body: 'hi' } };

describe('checkPayload', () => {
  it('passes a payload of the documented shape unchanged, with no notes', () => {
    const payload = envelope([{ field: 'messages', value: value({ contacts: [{ wa_id: '34600111222', profile: { name: 'Ana' } }], messages: [good] }) }]);
    const checked = checkPayload(payload);
    expect(checked.notes).toEqual([]);
    expect(checked.payload).toEqual(payload);
  });

  it('drops the messages that are not objects and keeps the valid rest, naming each path', () => {
    const checked = checkPayload(envelope([{ field: 'messages', value: value({ messages: [null, 1, 'x', good] }) }]));
    expect(checked.payload.entry![0].changes![0].value.messages).toEqual([good]);
    expect(checked.notes).toEqual([
      { path: 'entry[0].changes[0].value.messages[0]', reason: 'not an object (null): skipped' },
      { path: 'entry[0].changes[0].value.messages[1]', reason: 'not an object (a number): skipped' },
      { path: 'entry[0].changes[0].value.messages[2]', reason: 'not an object (a string): skipped' },
    ]);
  });

  it('drops elements whose fields have the wrong type, saying which field', () => {
    const checked = checkPayload(
      envelope([
        {
          field: 'messages',
          value: value({
            contacts: [{ wa_id: 34600111222 }, null, { wa_id: '34600111222', profile: { name: 5 } }],
            messages: [{ ...good, id: '' }, { ...good, from: 34600111222 }, { ...good, context: 'x' }],
            statuses: [{ id: 'wamid.s', status: 'read' }, { id: 'wamid.s' }, { id: 'wamid.s', status: 'read', errors: 'bad' }],
            errors: ['oops', { code: 1 }],
          }),
        },
      ])
    );
    const v = checked.payload.entry![0].changes![0].value;
    expect(v.contacts).toEqual([]);
    expect(v.messages).toEqual([]);
    expect(v.statuses).toEqual([{ id: 'wamid.s', status: 'read' }]);
    expect(v.errors).toEqual([{ code: 1 }]);
    expect(checked.notes.map((n) => `${n.path}: ${n.reason}`)).toEqual([
      'entry[0].changes[0].value.contacts[0]: wa_id is not a string: skipped',
      'entry[0].changes[0].value.contacts[1]: not an object (null): skipped',
      'entry[0].changes[0].value.contacts[2]: profile.name is not a string: skipped',
      'entry[0].changes[0].value.messages[0]: id is not a non-empty string: skipped',
      'entry[0].changes[0].value.messages[1]: from is not a string: skipped',
      'entry[0].changes[0].value.messages[2]: context is not an object: skipped',
      'entry[0].changes[0].value.statuses[1]: status is missing: skipped',
      'entry[0].changes[0].value.statuses[2]: errors is not a list: skipped',
      'entry[0].changes[0].value.errors[0]: not an object (a string): skipped',
    ]);
  });

  it('skips broken entries, changes and values, and lists that are not lists', () => {
    const checked = checkPayload({
      object: 'whatsapp_business_account',
      entry: [
        null,
        { id: '200', changes: 'nope' },
        {
          id: '200',
          changes: [
            7,
            { field: 'messages' },
            { value: {} },
            { field: 'messages', value: [] },
            { field: 'messages', value: { metadata: {} , messages: [good] } },
            { field: 'messages', value: value({ messages: { 0: good } }) },
            { field: 'account_update', value: { event: 'X' } },
          ],
        },
      ],
    });
    expect(checked.payload.entry).toHaveLength(2);
    expect(checked.payload.entry![1].changes).toEqual([
      { field: 'messages', value: value({ messages: [] }) },
      { field: 'account_update', value: { event: 'X' } },
    ]);
    expect(checked.notes.map((n) => n.path)).toEqual([
      'entry[0]',
      'entry[1].changes',
      'entry[2].changes[0]',
      'entry[2].changes[1]',
      'entry[2].changes[2]',
      'entry[2].changes[3]',
      'entry[2].changes[4].value.metadata.phone_number_id',
      'entry[2].changes[5].value.messages',
    ]);
  });

  it('replaces U+0000 in every string and key, noting each path', () => {
    const checked = checkPayload(envelope([{ field: 'messages', value: value({ messages: [{ ...good, id: 'wamid.\u0000x', text: { body: 'a\u0000b', ['k\u0000']: 1 } }] }) }]));
    const message = checked.payload.entry![0].changes![0].value.messages[0];
    expect(message.id).toBe('wamid.\uFFFDx');
    expect(message.text).toEqual({ body: 'a\uFFFDb', 'k\uFFFD': 1 });
    expect(JSON.stringify(checked.payload)).not.toContain('\\u0000');
    expect(checked.notes.map((n) => n.path)).toEqual([
      'entry[0].changes[0].value.messages[0].id',
      'entry[0].changes[0].value.messages[0].text.body',
      'entry[0].changes[0].value.messages[0].text["k\uFFFD"] (key)',
    ]);
    expect(checked.notes[0].reason).toMatch(/U\+0000 replaced/);
  });

  it('keeps at most MAX_NOTES notes and says how many more there were', () => {
    const checked = checkPayload(envelope([{ field: 'messages', value: value({ messages: Array(MAX_NOTES + 5).fill(null) }) }]));
    expect(checked.notes).toHaveLength(MAX_NOTES + 1);
    expect(checked.notes[MAX_NOTES]).toEqual({ path: '(body)', reason: '5 more note(s) not kept' });
  });

  it('does not change the payload it was given', () => {
    const payload = envelope([{ field: 'messages', value: value({ messages: [null, { ...good, errors: [null] }] }) }]);
    const before = JSON.stringify(payload);
    checkPayload(payload);
    expect(JSON.stringify(payload)).toBe(before);
  });
});

describe('storable text', () => {
  it('replaces U+0000 and leaves other text alone (same object when nothing changed)', () => {
    expect(storableText('a\u0000b\u0000')).toBe('a\uFFFDb\uFFFD');
    const clean = { a: ['x', { b: 'y' }] };
    expect(replaceNul(clean, () => undefined)).toBe(clean);
  });

  it('finds the path of the first U+0000 in a request body', () => {
    expect(findNul({ to: '+34600111222', text: { body: 'hi' } })).toBeUndefined();
    expect(findNul({ template: { components: [{ parameters: [{ text: 'ok' }, { text: 'b\u0000' }] }] } })).toEqual(['template', 'components', 0, 'parameters', 1, 'text']);
  });
});

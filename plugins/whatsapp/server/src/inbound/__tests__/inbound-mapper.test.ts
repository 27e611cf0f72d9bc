import { isOptOutKeyword, mapInboundMessage, timestampOf } from '../inbound-mapper';

describe('mapInboundMessage', () => {
  const base = { from: '34600111222', id: 'wamid.1', timestamp: '1700000000' };

  it('maps text with context and referral', () => {
    const m = mapInboundMessage({ ...base, type: 'text', text: { body: 'hi' }, context: { id: 'wamid.0', forwarded: true }, referral: { source_type: 'ad' } })!;
    expect(m).toMatchObject({ wamid: 'wamid.1', type: 'text', body: 'hi', contextWamid: 'wamid.0', forwarded: true, frequentlyForwarded: false, referral: { source_type: 'ad' }, media: null });
    expect(m.occurredAt.toISOString()).toBe('2023-11-14T22:13:20.000Z');
  });

  it('maps media with caption and file metadata', () => {
    const m = mapInboundMessage({ ...base, type: 'document', document: { id: 'media1', mime_type: 'application/pdf', sha256: 'abc', filename: 'a.pdf', caption: 'invoice' } })!;
    expect(m).toMatchObject({ type: 'document', body: 'invoice', caption: 'invoice', media: { id: 'media1', mimeType: 'application/pdf', sha256: 'abc', filename: 'a.pdf', url: null } });
  });

  it('points a reaction at its target; an empty emoji is a removal', () => {
    expect(mapInboundMessage({ ...base, type: 'reaction', reaction: { message_id: 'wamid.T', emoji: '👍' } })).toMatchObject({ contextWamid: 'wamid.T', reactionEmoji: '👍', body: '👍' });
    expect(mapInboundMessage({ ...base, type: 'reaction', reaction: { message_id: 'wamid.T', emoji: '' } })).toMatchObject({ reactionEmoji: null });
    expect(mapInboundMessage({ ...base, type: 'reaction', reaction: { message_id: 'wamid.T' } })).toMatchObject({ reactionEmoji: null });
  });

  it('keeps unknown types as unknown with their content', () => {
    expect(mapInboundMessage({ ...base, type: 'poll', poll: { q: 1 } })).toMatchObject({ type: 'unknown', payload: { poll: { q: 1 }, metaType: 'poll' } });
  });

  it('ignores a message without an id', () => {
    expect(mapInboundMessage({ type: 'text' } as any)).toBeNull();
  });

  it('uses now for a missing timestamp', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(timestampOf(undefined, now)).toBe(now);
  });
});

describe('isOptOutKeyword', () => {
  const keywords = ['STOP', 'BAJA', 'UNSUBSCRIBE'];
  it.each([['STOP'], ['stop'], [' Stop! '], ['¡Baja!'], ['unsubscribe.']])('%p opts out', (text) => expect(isOptOutKeyword(text, keywords)).toBe(true));
  it.each([['stop it'], ['please stop'], [''], [null], ['STOPPED']])('%p does not', (text) => expect(isOptOutKeyword(text as any, keywords)).toBe(false));
});

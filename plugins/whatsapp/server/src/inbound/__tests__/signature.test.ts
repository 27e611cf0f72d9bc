import crypto from 'crypto';
import { Readable } from 'stream';
import { BodyTooLargeError, readRawBody } from '../webhook/raw-body';
import { parseSignatureHeader, safeEqual, signatureMatches } from '../webhook/signature';
import { summarizePayload } from '../webhook-types';

const SECRET = 'app-secret';
const sign = (raw: string | Buffer, secret = SECRET) => `sha256=${crypto.createHmac('sha256', secret).update(raw).digest('hex')}`;

describe('webhook signature', () => {
  const raw = Buffer.from('{"object":"whatsapp_business_account","entry":[{"changes":[{"value":{"text":"Caf\\u00e9"}}]}]}');

  it('accepts the HMAC of the exact bytes', () => {
    expect(signatureMatches(raw, parseSignatureHeader(sign(raw))!, SECRET)).toBe(true);
  });
  it('accepts an upper-case hex digest', () => {
    expect(signatureMatches(raw, parseSignatureHeader(sign(raw).toUpperCase().replace('SHA256=', 'sha256='))!, SECRET)).toBe(true);
  });
  it('refuses another secret', () => {
    expect(signatureMatches(raw, parseSignatureHeader(sign(raw, 'other'))!, SECRET)).toBe(false);
  });
  it('refuses a tampered body', () => {
    expect(signatureMatches(Buffer.from(raw.toString().replace('Caf', 'Kaf')), parseSignatureHeader(sign(raw))!, SECRET)).toBe(false);
  });
  it('refuses the same JSON re-serialised (non-ASCII unescaped)', () => {
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(raw.toString())));
    expect(signatureMatches(reserialised, parseSignatureHeader(sign(raw))!, SECRET)).toBe(false);
  });
  it.each([[undefined], [''], ['sha256='], ['sha1=abc'], [`sha256=${'z'.repeat(64)}`], [`sha256=${'a'.repeat(63)}`]])('rejects the header %p', (header) => {
    expect(parseSignatureHeader(header)).toBeNull();
  });
  it('compares verify tokens in constant time, lengths included', () => {
    expect(safeEqual('token', 'token')).toBe(true);
    expect(safeEqual('token', 'toke')).toBe(false);
    expect(safeEqual('token', 'tokeN')).toBe(false);
  });
});

describe('readRawBody', () => {
  const request = (chunks: Buffer[], headers: Record<string, string> = {}) => Object.assign(Readable.from(chunks), { headers }) as any;

  it('returns the bytes as sent', async () => {
    await expect(readRawBody(request([Buffer.from('ab'), Buffer.from('c')]))).resolves.toEqual(Buffer.from('abc'));
  });
  it('refuses a declared length over the limit before reading', async () => {
    await expect(readRawBody(request([Buffer.from('x')], { 'content-length': '11' }), 10)).rejects.toBeInstanceOf(BodyTooLargeError);
  });
  it('refuses a chunked body as soon as it crosses the limit', async () => {
    await expect(readRawBody(request([Buffer.alloc(6), Buffer.alloc(6)]), 10)).rejects.toBeInstanceOf(BodyTooLargeError);
  });
});

describe('summarizePayload', () => {
  it('collects fields, WABA ids and phone number ids of every entry', () => {
    const summary = summarizePayload({
      entry: [
        { id: '1', changes: [{ field: 'messages', value: { metadata: { phone_number_id: '11' } } }] },
        { id: '2', changes: [{ field: 'messages', value: { metadata: { phone_number_id: '22' } } }, { field: 'account_update', value: {} }] },
      ],
    });
    expect(summary).toEqual({ fields: ['messages', 'account_update'], wabaIds: ['1', '2'], phoneNumberIds: ['11', '22'] });
  });
  it('tolerates anything', () => {
    for (const junk of [null, 1, 'x', [], { entry: 'x' }, { entry: [null, { changes: [null, 3] }] }]) {
      expect(summarizePayload(junk)).toEqual({ fields: [], wabaIds: [], phoneNumberIds: [] });
    }
  });
});

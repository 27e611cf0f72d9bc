import http from 'node:http';
import { inspect } from 'node:util';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import { createSandbox, type Sandbox, type SandboxPhoneNumber, type SandboxTemplate } from '../../../../../sandbox';
import {
  createGraphClient,
  explainGraphError,
  GraphApiError,
  GraphTransportError,
  isRetryableGraphCode,
  type GraphClient,
} from '..';

/** The client against a real sandbox over HTTP: every method, the error mapping, and no token leaks. */

const TOKEN = 'EAAGsecretTokenValue0123456789abcdefXYZ';
const WABA_ID = '300000000000000';
const PNID = '300000000000001';
const VERSION = 'v25.0';

const manyNumbers: SandboxPhoneNumber[] = Array.from({ length: 150 }, (_, i) => ({
  id: String(300000000000001 + i),
  displayPhoneNumber: `+34 600 ${String(i).padStart(6, '0')}`,
  verifiedName: `Horno ${i}`,
}));

const manyTemplates: SandboxTemplate[] = Array.from({ length: 120 }, (_, i) => ({
  name: `tpl_${i}`,
  language: 'es',
  category: 'UTILITY',
  components: [{ type: 'BODY', text: 'Hola {{1}}, pedido listo.' }],
}));

/** Every error a test provokes is collected here and checked for the token at the end. */
const seenErrors: unknown[] = [];

async function failure(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    seenErrors.push(error);
    return error;
  }
  throw new Error('Expected the call to fail');
}

async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('Graph API client against the sandbox', () => {
  let sandbox: Sandbox;
  let client: GraphClient;

  beforeAll(async () => {
    sandbox = createSandbox({
      appSecret: 'client-test-secret',
      accessTokens: [TOKEN],
      wabaId: WABA_ID,
      phoneNumbers: manyNumbers,
      templates: manyTemplates,
      approveDelayMs: 60_000,
    });
    await sandbox.listen(0, '127.0.0.1');
    client = createGraphClient({ baseUrl: sandbox.url, apiVersion: VERSION, accessToken: TOKEN });
  });
  afterEach(() => sandbox.clearFaults());
  afterAll(() => sandbox.close());

  describe('messages', () => {
    it('sends a text and returns the wamid, wa_id and input', async () => {
      const result = await client.sendMessage(PNID, { messaging_product: 'whatsapp', to: '+34 611 222 333', type: 'text', text: { body: 'Hola' } });
      expect(result).toEqual({ wamid: expect.stringMatching(/^wamid\./), waId: '34611222333', input: '+34 611 222 333', messageStatus: undefined });
      const sent = sandbox.sent.find((m) => m.wamid === result.wamid);
      expect(sent?.body).toEqual({ messaging_product: 'whatsapp', to: '+34 611 222 333', type: 'text', text: { body: 'Hola' } });
    });

    it('sends a template', async () => {
      const result = await client.sendMessage(PNID, {
        messaging_product: 'whatsapp',
        to: '+34611222333',
        type: 'template',
        template: { name: 'tpl_1', language: { code: 'es' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }] }] },
      });
      expect(result.wamid).toMatch(/^wamid\./);
    });

    it('marks a message read, with or without the typing indicator', async () => {
      await expect(client.markRead(PNID, 'wamid.abc')).resolves.toBeUndefined();
      await expect(client.markRead(PNID, 'wamid.abc', { typing: true })).resolves.toBeUndefined();
    });
  });

  describe('media', () => {
    it('uploads, looks up, downloads (sha256 checked) and deletes', async () => {
      const data = Buffer.from('%PDF-1.4 client test ñ');
      const { id } = await client.uploadMedia(PNID, { data, mimeType: 'application/pdf', filename: 'pedido.pdf' });
      expect(id).toMatch(/^\d+$/);

      const info = await client.getMedia(id);
      expect(info).toEqual({ id, url: expect.stringContaining(sandbox.url), mimeType: 'application/pdf', sha256: createHash('sha256').update(data).digest('hex'), fileSize: data.length });

      const downloaded = await client.downloadMedia(info.url, info.sha256);
      expect(downloaded.equals(data)).toBe(true);
      // base64 digests (as seen in webhooks) are accepted too
      expect((await client.downloadMedia(info.url, createHash('sha256').update(data).digest('base64'))).equals(data)).toBe(true);

      const mismatch = await failure(client.downloadMedia(info.url, createHash('sha256').update('other').digest('hex')));
      expect(mismatch).toBeInstanceOf(GraphTransportError);
      expect(mismatch.kind).toBe('invalid_response');

      await client.deleteMedia(id);
      const gone = await failure(client.getMedia(id));
      expect(gone).toBeInstanceOf(GraphApiError);
      expect(gone.code).toBe(100);
      expect(gone.retryable).toBe(false);
    });

    it('maps an upload Meta refuses to GraphApiError 131053', async () => {
      const error = await failure(client.uploadMedia(PNID, { data: Buffer.from('<svg/>'), mimeType: 'image/svg+xml', filename: 'x.svg' }));
      expect(error).toBeInstanceOf(GraphApiError);
      expect(error.code).toBe(131053);
    });
  });

  describe('phone numbers and templates', () => {
    it('lists every phone number across pages', async () => {
      const numbers = await client.listPhoneNumbers(WABA_ID);
      expect(numbers).toHaveLength(150);
      expect(numbers.map((n) => n.id)).toEqual(manyNumbers.map((n) => n.id));
      expect(numbers[0]).toEqual({
        id: manyNumbers[0].id,
        displayPhoneNumber: '+34 600 000000',
        verifiedName: 'Horno 0',
        qualityRating: 'GREEN',
        codeVerificationStatus: 'VERIFIED',
        nameStatus: 'APPROVED',
        status: 'CONNECTED',
        platformType: 'CLOUD_API',
        throughputLevel: 'STANDARD',
        messagingLimitTier: 'TIER_2K',
      });
    });

    it('gets one phone number', async () => {
      const number = await client.getPhoneNumber(manyNumbers[3].id);
      expect(number).toMatchObject({ id: manyNumbers[3].id, verifiedName: 'Horno 3', status: 'CONNECTED' });
    });

    it('lists every template across pages', async () => {
      const templates = await client.listTemplates(WABA_ID);
      expect(templates.length).toBeGreaterThanOrEqual(120);
      expect(templates.filter((t) => t.name.startsWith('tpl_'))).toHaveLength(120);
      expect(templates[0]).toMatchObject({ name: 'tpl_0', language: 'es', status: 'APPROVED', category: 'UTILITY', parameterFormat: 'POSITIONAL', rejectedReason: 'NONE' });
      expect(templates[0].components[0]).toMatchObject({ type: 'BODY' });
    });

    it('creates and deletes templates (by name and by hsm id)', async () => {
      const body = { name: 'client_created', language: 'es', category: 'UTILITY' as const, components: [{ type: 'BODY', text: 'Hola {{1}}, gracias.' }] };
      const created = await client.createTemplate(WABA_ID, body);
      expect(created).toEqual({ id: expect.stringMatching(/^\d+$/), status: 'PENDING', category: 'UTILITY' });
      const createdEn = await client.createTemplate(WABA_ID, { ...body, language: 'en' });

      await client.deleteTemplate(WABA_ID, { name: 'client_created', hsmId: createdEn.id });
      expect(sandbox.templates.filter((t) => t.name === 'client_created').map((t) => t.language)).toEqual(['es']);
      await client.deleteTemplate(WABA_ID, { name: 'client_created' });
      expect(sandbox.templates.some((t) => t.name === 'client_created')).toBe(false);

      const unknown = await failure(client.deleteTemplate(WABA_ID, { name: 'client_created' }));
      expect(unknown).toBeInstanceOf(GraphApiError);
      expect(unknown.code).toBe(100);
    });
  });

  describe('error mapping', () => {
    it('maps a Meta refusal to GraphApiError with code, title, details, fbtrace id and where', async () => {
      const error = await failure(
        client.sendMessage(PNID, { messaging_product: 'whatsapp', to: '+34611222333', type: 'template', template: { name: 'nope', language: { code: 'es' } } })
      );
      expect(error).toBeInstanceOf(GraphApiError);
      expect(error).toMatchObject({
        name: 'GraphApiError',
        code: 132001,
        title: 'Template name does not exist in the translation',
        details: 'template name (nope) does not exist in es',
        fbtraceId: expect.any(String),
        httpStatus: 404,
        retryable: false,
        method: 'POST',
        path: `/${VERSION}/${PNID}/messages`,
      });
      expect(error.message).toContain('132001');
    });

    it('marks 130429 retryable (with Retry-After) and 131047 not', async () => {
      sandbox.injectFault({ kind: 'error', code: 130429, retryAfterSeconds: 3, count: 1 });
      const limited = await failure(client.sendMessage(PNID, { messaging_product: 'whatsapp', to: '+34611222333', type: 'text', text: { body: 'x' } }));
      expect(limited).toMatchObject({ code: 130429, title: 'Rate limit hit', httpStatus: 429, retryable: true, retryAfterSeconds: 3 });

      sandbox.injectFault({ kind: 'error', code: 131047, details: 'window closed', count: 1 });
      const windowClosed = await failure(client.sendMessage(PNID, { messaging_product: 'whatsapp', to: '+34611222333', type: 'text', text: { body: 'x' } }));
      expect(windowClosed).toMatchObject({ code: 131047, details: 'window closed', httpStatus: 400, retryable: false });
    });

    it('maps a bad token to GraphApiError 190, not retryable', async () => {
      const wrong = createGraphClient({ baseUrl: sandbox.url, apiVersion: VERSION, accessToken: `${TOKEN}-revoked` });
      const error = await failure(wrong.listTemplates(WABA_ID));
      expect(error).toBeInstanceOf(GraphApiError);
      expect(error).toMatchObject({ code: 190, httpStatus: 401, retryable: false });
      expect(String(error)).not.toContain(`${TOKEN}-revoked`);
    });

    it('redacts a token Meta echoes back in its error text', async () => {
      sandbox.injectFault({ kind: 'error', code: 190, title: `Malformed access token ${TOKEN}`, details: `token ${TOKEN} cannot be parsed`, count: 1 });
      const error = await failure(client.getPhoneNumber(PNID));
      expect(error.title).toBe('Malformed access token [redacted]');
      expect(error.details).toBe('token [redacted] cannot be parsed');
    });

    it('times out as GraphTransportError kind timeout', async () => {
      const quick = createGraphClient({ baseUrl: sandbox.url, apiVersion: VERSION, accessToken: TOKEN, timeoutMs: 200 });
      sandbox.injectFault({ kind: 'timeout', count: 1 });
      const error = await failure(quick.sendMessage(PNID, { messaging_product: 'whatsapp', to: '+34611222333', type: 'text', text: { body: 'x' } }));
      expect(error).toBeInstanceOf(GraphTransportError);
      expect(error).toMatchObject({ kind: 'timeout', retryable: true, method: 'POST', path: `/${VERSION}/${PNID}/messages` });
    });

    it('maps a reset connection to kind connection', async () => {
      sandbox.injectFault({ kind: 'reset', count: 1 });
      const error = await failure(client.getPhoneNumber(PNID));
      expect(error).toBeInstanceOf(GraphTransportError);
      expect(error).toMatchObject({ kind: 'connection', retryable: true });
    });

    it('maps a refused connection (closed port) to kind connection', async () => {
      const port = await freePort();
      const nowhere = createGraphClient({ baseUrl: `http://127.0.0.1:${port}`, apiVersion: VERSION, accessToken: TOKEN, timeoutMs: 2000 });
      const error = await failure(nowhere.listPhoneNumbers(WABA_ID));
      expect(error).toBeInstanceOf(GraphTransportError);
      expect(error).toMatchObject({ kind: 'connection', retryable: true, method: 'GET', path: `/${VERSION}/${WABA_ID}/phone_numbers` });
      expect(error.message).toContain('ECONNREFUSED');
    });

    it('maps a non-Graph answer (a proxy HTML 502, or a 200 that is not JSON) to kind invalid_response', async () => {
      const bodies = [
        { status: 502, type: 'text/html', body: '<html>Bad gateway</html>' },
        { status: 200, type: 'application/json', body: '{"truncated":' },
      ];
      const proxy = http.createServer((_req, res) => {
        const next = bodies.shift()!;
        res.writeHead(next.status, { 'Content-Type': next.type });
        res.end(next.body);
      });
      await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
      try {
        const behindProxy = createGraphClient({ baseUrl: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, apiVersion: VERSION, accessToken: TOKEN });
        const badGateway = await failure(behindProxy.getPhoneNumber(PNID));
        expect(badGateway).toBeInstanceOf(GraphTransportError);
        expect(badGateway).toMatchObject({ kind: 'invalid_response', httpStatus: 502, retryable: true });
        const truncated = await failure(behindProxy.getPhoneNumber(PNID));
        expect(truncated).toMatchObject({ kind: 'invalid_response', httpStatus: 200 });
      } finally {
        await new Promise<void>((resolve) => proxy.close(() => resolve()));
      }
    });

    it('never lets the access token appear in any error it produced', () => {
      expect(seenErrors.length).toBeGreaterThanOrEqual(12);
      for (const error of seenErrors) {
        expect(error instanceof GraphApiError || error instanceof GraphTransportError).toBe(true);
        const e = error as Error;
        const views = [e.message, String(e.stack), JSON.stringify(e), String(e), inspect(e, { depth: Infinity, showHidden: true })];
        for (const view of views) expect(view).not.toContain(TOKEN);
        expect(Object.keys(e)).not.toEqual(expect.arrayContaining(['config']));
        expect(Object.keys(e).some((key) => ['config', 'request', 'response', 'cause', 'headers'].includes(key))).toBe(false);
      }
    });
  });
});

describe('client construction', () => {
  it('refuses bad options without echoing the token', () => {
    for (const options of [
      { baseUrl: 'not a url', apiVersion: VERSION, accessToken: TOKEN },
      { baseUrl: 'http://localhost', apiVersion: '25', accessToken: TOKEN },
      { baseUrl: 'http://localhost', apiVersion: VERSION, accessToken: '' },
    ]) {
      let message = '';
      try {
        createGraphClient(options);
      } catch (error) {
        message = String((error as Error).stack);
      }
      expect(message).toMatch(/createGraphClient/);
      expect(message).not.toContain(TOKEN);
    }
  });
});

describe('isRetryableGraphCode / explainGraphError', () => {
  it.each([2, 4, 80007, 130429, 131000, 131016, 131056, 131057, 133004])('retries %i', (code) => {
    expect(isRetryableGraphCode(code)).toBe(true);
  });

  it.each([0, 1, 10, 100, 190, 200, 299, 368, 131026, 131031, 131047, 131049, 131050, 132000, 132001, 132015])('never retries %i', (code) => {
    expect(isRetryableGraphCode(code)).toBe(false);
  });

  it('retries an HTTP 5xx without a code, but not a 4xx', () => {
    expect(isRetryableGraphCode(undefined, 503)).toBe(true);
    expect(isRetryableGraphCode(undefined, 400)).toBe(false);
  });

  it('explains common codes in plain words, and unknown ones generically', () => {
    expect(explainGraphError(131047)).toMatch(/24 hours/);
    expect(explainGraphError(190)).toMatch(/token/);
    expect(explainGraphError(132999)).toMatch(/template/i);
    expect(explainGraphError(987654)).toContain('987654');
  });
});

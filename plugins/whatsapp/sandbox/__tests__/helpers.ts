import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSandbox, type Sandbox, type SandboxOptions } from '..';

/** Shared fixtures: a sandbox on a random port, a fetch wrapper, and a webhook receiver. */

export const APP_SECRET = 'test-app-secret';
export const TOKEN = 'test-token-abc';
export const WABA_ID = '200000000000000';
export const PNID = '200000000000001';
export const PNID_2 = '200000000000002';

export async function startSandbox(options: Partial<SandboxOptions> = {}): Promise<Sandbox> {
  const sandbox = createSandbox({
    appSecret: APP_SECRET,
    accessTokens: [TOKEN],
    wabaId: WABA_ID,
    phoneNumbers: [
      { id: PNID, displayPhoneNumber: '+34 600 000 001', verifiedName: 'Panadería Uno' },
      { id: PNID_2, displayPhoneNumber: '+34 600 000 002', verifiedName: 'Panadería Dos' },
    ],
    statusDelayMs: 5,
    approveDelayMs: 20,
    ...options,
  });
  await sandbox.listen(0, '127.0.0.1');
  return sandbox;
}

export interface ApiResult {
  status: number;
  headers: Headers;
  json: any;
}

export async function api(sandbox: Sandbox, method: string, path: string, body?: unknown, token: string | null = TOKEN): Promise<ApiResult> {
  const headers: Record<string, string> = {};
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${sandbox.url}/v25.0${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : undefined };
}

export const textMessage = (to: string, body = 'Hola') => ({
  messaging_product: 'whatsapp',
  to,
  type: 'text',
  text: { body },
});

export const templateMessage = (name: string, code: string, components?: unknown[]) => ({
  messaging_product: 'whatsapp',
  to: '+34611222333',
  type: 'template',
  template: { name, language: { code }, ...(components ? { components } : {}) },
});

export interface ReceivedWebhook {
  raw: Buffer;
  signature: string | undefined;
  contentType: string | undefined;
  json: any;
}

export interface Receiver {
  url: string;
  received: ReceivedWebhook[];
  /** Statuses to answer with, in order; 200 once exhausted. */
  respondWith: number[];
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: ReceivedWebhook[] = [];
  const respondWith: number[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      received.push({
        raw,
        signature: req.headers['x-hub-signature-256'] as string | undefined,
        contentType: req.headers['content-type'],
        json: JSON.parse(raw.toString('utf8')),
      });
      res.statusCode = respondWith.shift() ?? 200;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhook`,
    received,
    respondWith,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Polls until the predicate holds; fails the test with `what` when it never does. */
export async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** All statuses[] items in the received webhooks, flattened. */
export function statusesOf(received: ReceivedWebhook[]): any[] {
  return received.flatMap((hook) =>
    (hook.json.entry ?? []).flatMap((entry: any) => (entry.changes ?? []).flatMap((change: any) => change.value?.statuses ?? []))
  );
}

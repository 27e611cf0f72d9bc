import { createDemoSandboxOptions, createSandbox, type Sandbox } from '..';
import { runSandboxCli } from '../cli';

describe('demo options', () => {
  it('describes five Spanish bakery numbers and po_notification in es and en with three variables', () => {
    const demo = createDemoSandboxOptions();
    expect(demo.phoneNumbers.map((n) => n.displayPhoneNumber)).toEqual(['+34 600 000 001', '+34 600 000 002', '+34 600 000 003', '+34 600 000 004', '+34 600 000 005']);
    const po = demo.templates.filter((t) => t.name === 'po_notification');
    expect(po.map((t) => t.language).sort()).toEqual(['en', 'es']);
    for (const template of po) {
      expect(template).toMatchObject({ category: 'UTILITY', status: 'APPROVED' });
      const body = template.components.find((c) => c.type === 'BODY');
      expect(body.text.match(/\{\{\d\}\}/g)).toEqual(['{{1}}', '{{2}}', '{{3}}']);
    }
  });

  it('returns fresh copies each time', () => {
    const first = createDemoSandboxOptions();
    first.templates[0].components[0].text = 'changed';
    first.phoneNumbers[0].verifiedName = 'changed';
    const second = createDemoSandboxOptions();
    expect(second.templates[0].components[0].text).not.toBe('changed');
    expect(second.phoneNumbers[0].verifiedName).not.toBe('changed');
  });

  it('seeds a sandbox that accepts po_notification with supplier, PO number and total', async () => {
    const demo = createDemoSandboxOptions();
    const sandbox = createSandbox({ ...demo, appSecret: 's' });
    await sandbox.listen(0);
    try {
      const response = await fetch(`${sandbox.url}/v25.0/${demo.phoneNumbers[0].id}/messages`, {
        method: 'POST',
        headers: { Authorization: 'Bearer any', 'Content-Type': 'application/json' },
        body: JSON.stringify({
          messaging_product: 'whatsapp',
          to: '+34611222333',
          type: 'template',
          template: {
            name: 'po_notification',
            language: { code: 'es' },
            components: [{ type: 'body', parameters: ['Harinas del Norte', 'PO-1', '10,00 €'].map((text) => ({ type: 'text', text })) }],
          },
        }),
      });
      expect(response.status).toBe(200);
    } finally {
      await sandbox.close();
    }
  });
});

describe('runSandboxCli', () => {
  let sandbox: Sandbox | undefined;
  const output: string[] = [];
  let before: { SIGINT: Function[]; SIGTERM: Function[] };
  beforeEach(() => {
    before = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
    jest.spyOn(console, 'log').mockImplementation((line: string) => void output.push(String(line)));
    jest.spyOn(console, 'warn').mockImplementation((line: string) => void output.push(String(line)));
  });
  afterEach(async () => {
    await sandbox?.close();
    jest.restoreAllMocks();
    // Only the handlers the CLI added; jest's own stay.
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      for (const listener of process.listeners(signal)) {
        if (!before[signal].includes(listener)) process.removeListener(signal, listener as () => void);
      }
    }
  });

  it('starts the demo sandbox, warns about the default secret and prints the env vars for Strapi', async () => {
    sandbox = await runSandboxCli({ SANDBOX_PORT: '0', SANDBOX_WEBHOOK_URL: 'http://127.0.0.1:9/hook' });
    expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const text = output.join('\n');
    expect(text).toMatch(/WHATSAPP_APP_SECRET is not set/);
    expect(text).toContain(`WHATSAPP_GRAPH_API_URL=${sandbox.url}`);
    expect(text).toContain('WHATSAPP_APP_SECRET=sandbox-app-secret');
    expect(text).toContain('http://127.0.0.1:9/hook');

    const numbers = await fetch(`${sandbox.url}/v25.0/100000000000000/phone_numbers`, { headers: { Authorization: 'Bearer dev' } });
    expect(((await numbers.json()) as any).data).toHaveLength(5);
  });

  it('refuses an invalid port', async () => {
    await expect(runSandboxCli({ SANDBOX_PORT: 'abc' })).rejects.toThrow(/SANDBOX_PORT/);
  });
});

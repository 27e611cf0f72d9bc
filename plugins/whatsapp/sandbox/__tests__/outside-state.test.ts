/**
 * State kept outside the sandbox (Strapi's offline mode: the comms log and the template table),
 * through SandboxOptions.lastInboundAt and templateSource: what a restarted sandbox, or a second
 * one on the same database, finds there.
 */
import type { Sandbox, SandboxTemplate } from '..';
import { createDemoSandboxOptions } from '..';
import { demoTemplateId } from '../demo';
import { api, PNID, startReceiver, startSandbox, statusesOf, templateMessage, textMessage, WABA_ID, waitFor, type Receiver } from './helpers';

const HOUR = 60 * 60 * 1000;
const BODY = [{ type: 'BODY', text: 'Hola, su pedido está listo.' }];

describe('sandbox: windows recorded outside (lastInboundAt)', () => {
  let sandbox: Sandbox;
  let receiver: Receiver;
  const asked: Array<[string, string]> = [];
  const lastInbound = new Map<string, number>();

  beforeEach(async () => {
    asked.length = 0;
    lastInbound.clear();
    receiver = await startReceiver();
    sandbox = await startSandbox({
      webhookUrl: receiver.url,
      lastInboundAt: async (phoneNumberId, waId) => {
        asked.push([phoneNumberId, waId]);
        return lastInbound.get(`${phoneNumberId}:${waId}`);
      },
    });
  });
  afterEach(async () => {
    await sandbox.close();
    await receiver.close();
  });

  const outcomeOf = async (to: string) => {
    const send = await api(sandbox, 'POST', `/${PNID}/messages`, textMessage(to));
    expect(send.status).toBe(200);
    const wamid = send.json.messages[0].id;
    return waitFor('delivered or failed', () =>
      statusesOf(receiver.received).find((s) => s.id === wamid && (s.status === 'delivered' || s.status === 'failed'))?.status
    );
  };

  it('delivers free-form text when the outside record has the user writing less than 24 hours ago', async () => {
    lastInbound.set(`${PNID}:34611222333`, Date.now() - 2 * HOUR);
    expect(await outcomeOf('+34 611 222 333')).toBe('delivered');
    expect(asked).toEqual([[PNID, '34611222333']]);
    // Remembered: the next send does not ask again.
    expect(await outcomeOf('+34611222333')).toBe('delivered');
    expect(asked).toHaveLength(1);
  });

  it('fails it with 131047 when the outside record is older than 24 hours, or has nothing', async () => {
    lastInbound.set(`${PNID}:34611222333`, Date.now() - 25 * HOUR);
    expect(await outcomeOf('+34611222333')).toBe('failed');
    expect(await outcomeOf('+34611222444')).toBe('failed');
  });

  it('asks nothing when its own window is open', async () => {
    sandbox.openWindow(PNID, '34611222333');
    expect(await outcomeOf('+34611222333')).toBe('delivered');
    expect(asked).toEqual([]);
  });
});

describe('sandbox: templates recorded outside (templateSource)', () => {
  let sandbox: Sandbox | undefined;
  let receiver: Receiver;
  let outside: SandboxTemplate[];

  beforeEach(async () => {
    receiver = await startReceiver();
    outside = [];
  });
  afterEach(async () => {
    await sandbox?.close();
    await receiver.close();
  });

  const start = async (seeded: SandboxTemplate[] = [], approveDelayMs = 20) => {
    sandbox = await startSandbox({ webhookUrl: receiver.url, templates: seeded, templateSource: async () => outside, approveDelayMs });
    return sandbox;
  };
  const listed = async () => (await api(sandbox!, 'GET', `/${WABA_ID}/message_templates`)).json.data.map((t: any) => `${t.name}:${t.id}:${t.status}`);

  it('lists and sends a template another sandbox created, with its id', async () => {
    await start();
    outside.push({ id: '777000000000001', name: 'pickup_reminder', language: 'es', category: 'UTILITY', status: 'APPROVED', components: BODY });
    expect(await listed()).toEqual(['pickup_reminder:777000000000001:APPROVED']);
    sandbox!.openWindow(PNID, '34611222333');
    const send = await api(sandbox!, 'POST', `/${PNID}/messages`, templateMessage('pickup_reminder', 'es'));
    expect(send.status).toBe(200);
  });

  it('finds a template approved elsewhere when a send names it', async () => {
    await start();
    outside.push({ id: '777000000000002', name: 'late_template', language: 'es', category: 'UTILITY', status: 'APPROVED', components: BODY });
    const send = await api(sandbox!, 'POST', `/${PNID}/messages`, templateMessage('late_template', 'es'));
    expect(send.status).toBe(200);
  });

  it('refuses to create a template the outside already has (name and language)', async () => {
    await start();
    outside.push({ id: '777000000000003', name: 'taken', language: 'es', category: 'UTILITY', status: 'APPROVED', components: BODY });
    const res = await api(sandbox!, 'POST', `/${WABA_ID}/message_templates`, { name: 'taken', language: 'es', category: 'UTILITY', components: BODY });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe(100);
  });

  it('finishes the review of a PENDING template taken in at start (a restart cut it short)', async () => {
    outside.push({ id: '777000000000004', name: 'half_reviewed', language: 'es', category: 'UTILITY', status: 'PENDING', components: BODY });
    await start();
    await waitFor('the approval', () => sandbox!.templates.find((t) => t.name === 'half_reviewed')?.status === 'APPROVED');
    await waitFor('the status webhook', () =>
      receiver.received.some((hook) => JSON.stringify(hook.json).includes('777000000000004'))
    );
  });

  it('keeps its own new template before the outside lists it, and drops what the outside deleted', async () => {
    await start([], 60_000); // stays PENDING for the whole test
    const created = await api(sandbox!, 'POST', `/${WABA_ID}/message_templates`, { name: 'brand_new', language: 'es', category: 'UTILITY', components: BODY });
    expect(created.status).toBe(200);
    outside.push({ id: '777000000000005', name: 'gone_soon', language: 'es', category: 'UTILITY', status: 'APPROVED', components: BODY });
    expect((await listed()).sort()).toEqual([`brand_new:${created.json.id}:PENDING`, 'gone_soon:777000000000005:APPROVED'].sort());
    outside.length = 0;
    expect(await listed()).toEqual([`brand_new:${created.json.id}:PENDING`]);
  });

  it('keeps a status it moved on from PENDING until the outside catches up, and never seeded templates', async () => {
    const seeded: SandboxTemplate = { name: 'seeded', language: 'es', category: 'UTILITY', components: BODY };
    await start([seeded]);
    const created = await api(sandbox!, 'POST', `/${WABA_ID}/message_templates`, { name: 'reviewed_here', language: 'es', category: 'UTILITY', components: BODY });
    await waitFor('the approval', () => sandbox!.templates.find((t) => t.name === 'reviewed_here')?.status === 'APPROVED');
    outside.push(
      { id: created.json.id, name: 'reviewed_here', language: 'es', category: 'UTILITY', status: 'PENDING', components: BODY },
      { id: '777000000000006', name: 'seeded', language: 'es', category: 'UTILITY', status: 'PAUSED', components: BODY }
    );
    const list = await listed();
    expect(list).toContain(`reviewed_here:${created.json.id}:APPROVED`);
    expect(list.find((entry: string) => entry.startsWith('seeded:'))).toMatch(/:APPROVED$/);
  });

  it('does not take back a template it deleted itself', async () => {
    outside.push({ id: '777000000000007', name: 'deleted_here', language: 'es', category: 'UTILITY', status: 'APPROVED', components: BODY });
    await start();
    expect((await api(sandbox!, 'DELETE', `/${WABA_ID}/message_templates?name=deleted_here`)).status).toBe(200);
    expect(await listed()).toEqual([]);
  });

  it('lists its templates as they are when the source fails', async () => {
    sandbox = await startSandbox({
      webhookUrl: receiver.url,
      templates: [{ name: 'seeded', language: 'es', category: 'UTILITY', components: BODY }],
      templateSource: async () => {
        throw new Error('database down');
      },
    });
    expect((await listed()).map((entry: string) => entry.split(':')[0])).toEqual(['seeded']);
  });
});

describe('demo templates', () => {
  it('have the same ids in every sandbox', () => {
    const [first, second] = [createDemoSandboxOptions(), createDemoSandboxOptions()];
    expect(first.templates.map((t) => t.id)).toEqual(second.templates.map((t) => t.id));
    expect(new Set(first.templates.map((t) => t.id)).size).toBe(first.templates.length);
    expect(first.templates[0].id).toBe(demoTemplateId(first.templates[0].name, first.templates[0].language));
    expect(first.templates[0].id).toMatch(/^8\d{15}$/);
  });
});

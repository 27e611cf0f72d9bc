import { createHmac } from 'node:crypto';
import type { Sandbox, SandboxTemplate } from '..';
import { api, APP_SECRET, PNID, startReceiver, startSandbox, templateMessage, WABA_ID, waitFor, type Receiver } from './helpers';

const seeded = (name: string, language = 'es'): SandboxTemplate => ({
  name,
  language,
  category: 'UTILITY',
  components: [{ type: 'BODY', text: `Plantilla ${name}.` }],
});

const createBody = (name: string, language = 'es') => ({
  name,
  language,
  category: 'UTILITY',
  components: [{ type: 'BODY', text: 'Hola {{1}}, gracias por su pedido.', example: { body_text: [['Lucía']] } }],
});

describe('sandbox template management', () => {
  let sandbox: Sandbox;
  let receiver: Receiver;
  beforeEach(async () => {
    receiver = await startReceiver();
    sandbox = await startSandbox({
      webhookUrl: receiver.url,
      // Long enough that the send made right after creating a template still finds it PENDING on
      // a loaded CI machine (20 ms raced and flaked there); the approval itself is awaited.
      approveDelayMs: 1000,
      templates: [seeded('t_one'), seeded('t_two'), seeded('t_two', 'en'), seeded('t_three'), seeded('t_four')],
    });
  });
  afterEach(async () => {
    await sandbox.close();
    await receiver.close();
  });

  const templateEvents = () =>
    receiver.received.flatMap((hook) => hook.json.entry.flatMap((entry: any) => entry.changes)).filter((change: any) => change.field === 'message_template_status_update');

  it('creates a template as PENDING, approves it after the delay with a signed webhook, then it can be sent', async () => {
    const created = await api(sandbox, 'POST', `/${WABA_ID}/message_templates`, createBody('welcome_note'));
    expect(created.status).toBe(200);
    expect(created.json).toEqual({ id: expect.stringMatching(/^\d+$/), status: 'PENDING', category: 'UTILITY' });

    const pendingSend = await api(sandbox, 'POST', `/${PNID}/messages`, templateMessage('welcome_note', 'es', [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }] }]));
    expect(pendingSend.json.error.code).toBe(132001);

    const [event] = await waitFor('template status webhook', () => (templateEvents().length ? templateEvents() : undefined));
    expect(event.value).toEqual({
      event: 'APPROVED',
      message_template_id: Number(created.json.id),
      message_template_name: 'welcome_note',
      message_template_language: 'es',
      reason: 'NONE',
      message_template_category: 'UTILITY',
    });
    const hook = receiver.received.find((h) => h.json.entry[0].changes[0].field === 'message_template_status_update')!;
    expect(hook.signature).toBe(`sha256=${createHmac('sha256', APP_SECRET).update(hook.raw).digest('hex')}`);
    expect(hook.json.entry[0]).toMatchObject({ id: WABA_ID, time: expect.any(Number) });
    expect(sandbox.templates.find((t) => t.id === created.json.id)?.status).toBe('APPROVED');

    const send = await api(sandbox, 'POST', `/${PNID}/messages`, templateMessage('welcome_note', 'es', [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }] }]));
    expect(send.status).toBe(200);
  });

  it('rejects templates whose name contains "reject" with INVALID_FORMAT', async () => {
    const created = await api(sandbox, 'POST', `/${WABA_ID}/message_templates`, createBody('please_reject_me'));
    const [event] = await waitFor('template status webhook', () => (templateEvents().length ? templateEvents() : undefined));
    expect(event.value).toMatchObject({ event: 'REJECTED', reason: 'INVALID_FORMAT', message_template_id: Number(created.json.id) });

    const listed = await api(sandbox, 'GET', `/${WABA_ID}/message_templates?name=please_reject_me`);
    expect(listed.json.data[0]).toMatchObject({ status: 'REJECTED', rejected_reason: 'INVALID_FORMAT' });
  });

  it('refuses bad names and duplicates with error 100', async () => {
    const badName = await api(sandbox, 'POST', `/${WABA_ID}/message_templates`, createBody('Not-Valid'));
    expect(badName.status).toBe(400);
    expect(badName.json.error.code).toBe(100);

    const duplicate = await api(sandbox, 'POST', `/${WABA_ID}/message_templates`, createBody('t_one'));
    expect(duplicate.json.error.code).toBe(100);
    expect(duplicate.json.error.error_data.details).toMatch(/already/);

    // Same name in another language is a new translation, which is fine.
    const otherLanguage = await api(sandbox, 'POST', `/${WABA_ID}/message_templates`, createBody('t_one', 'en'));
    expect(otherLanguage.status).toBe(200);
  });

  it('lists templates with cursor paging: next only while more remain', async () => {
    const names: string[] = [];
    let page = await api(sandbox, 'GET', `/${WABA_ID}/message_templates?limit=2`);
    const pages = [page];
    while (page.json.paging?.next) {
      const next = new URL(page.json.paging.next);
      expect(next.searchParams.get('after')).toBe(page.json.paging.cursors.after);
      page = await api(sandbox, 'GET', `/${WABA_ID}/message_templates?limit=2&after=${encodeURIComponent(page.json.paging.cursors.after)}`);
      pages.push(page);
    }
    for (const p of pages) names.push(...p.json.data.map((t: any) => `${t.name}/${t.language}`));

    expect(pages.map((p) => p.json.data.length)).toEqual([2, 2, 1]);
    expect(names).toEqual(['t_one/es', 't_two/es', 't_two/en', 't_three/es', 't_four/es']);
    expect(pages[2].json.paging.next).toBeUndefined();
    expect(pages[2].json.paging.cursors).toEqual({ before: expect.any(String), after: expect.any(String) });
    expect(pages[0].json.data[0]).toMatchObject({ id: expect.any(String), status: 'APPROVED', category: 'UTILITY', parameter_format: 'POSITIONAL', components: expect.any(Array) });
  });

  it('deletes by name (all languages) or by hsm_id (one), and errors on unknown names', async () => {
    const en = sandbox.templates.find((t) => t.name === 't_two' && t.language === 'en')!;
    const one = await api(sandbox, 'DELETE', `/${WABA_ID}/message_templates?name=t_two&hsm_id=${en.id}`);
    expect(one.json).toEqual({ success: true });
    expect(sandbox.templates.filter((t) => t.name === 't_two').map((t) => t.language)).toEqual(['es']);

    const all = await api(sandbox, 'DELETE', `/${WABA_ID}/message_templates?name=t_one`);
    expect(all.json).toEqual({ success: true });
    const send = await api(sandbox, 'POST', `/${PNID}/messages`, templateMessage('t_one', 'es'));
    expect(send.json.error.code).toBe(132001);

    const unknown = await api(sandbox, 'DELETE', `/${WABA_ID}/message_templates?name=nope`);
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.code).toBe(100);
  });

  it('reset() restores the seeded templates and drops created ones', async () => {
    await api(sandbox, 'DELETE', `/${WABA_ID}/message_templates?name=t_one`);
    await api(sandbox, 'POST', `/${WABA_ID}/message_templates`, createBody('brand_new'));
    sandbox.reset();
    expect(sandbox.templates.map((t) => t.name)).toEqual(['t_one', 't_two', 't_two', 't_three', 't_four']);
  });
});

import type { Sandbox } from '..';
import { api, PNID, startReceiver, startSandbox, statusesOf, templateMessage, textMessage, waitFor, type Receiver } from './helpers';

const TEMPLATE = {
  name: 'order_ready',
  language: 'es',
  category: 'UTILITY' as const,
  components: [{ type: 'BODY', text: 'Hola {{1}}, su pedido está listo.' }],
};

describe('sandbox 24-hour customer service window', () => {
  let sandbox: Sandbox;
  let receiver: Receiver;
  beforeEach(async () => {
    receiver = await startReceiver();
    sandbox = await startSandbox({ webhookUrl: receiver.url, templates: [TEMPLATE] });
  });
  afterEach(async () => {
    await sandbox.close();
    await receiver.close();
  });

  const statusesFor = (wamid: string) => statusesOf(receiver.received).filter((status) => status.id === wamid);

  it('accepts a template outside the window and delivers it', async () => {
    const send = await api(sandbox, 'POST', `/${PNID}/messages`, templateMessage('order_ready', 'es', [
      { type: 'body', parameters: [{ type: 'text', text: 'Lucía' }] },
    ]));
    expect(send.status).toBe(200);
    const wamid = send.json.messages[0].id;

    const statuses = await waitFor('three statuses', () => (statusesFor(wamid).length === 3 ? statusesFor(wamid) : undefined));
    // Webhooks travel concurrently, so compare as a set (Meta does not guarantee order either).
    expect(statuses.map((s) => s.status).sort()).toEqual(['delivered', 'read', 'sent']);
    expect(statuses.find((s) => s.status === 'sent').pricing).toMatchObject({ pricing_model: 'PMP', category: 'utility', type: 'regular', billable: true });
  });

  it('accepts free-form text outside the window (200) and then fails it asynchronously with 131047', async () => {
    const send = await api(sandbox, 'POST', `/${PNID}/messages`, textMessage('+34 611 222 333'));
    expect(send.status).toBe(200);
    expect(send.json.contacts[0]).toEqual({ input: '+34 611 222 333', wa_id: '34611222333' });
    const wamid = send.json.messages[0].id;

    const [failed] = await waitFor('failed status', () => (statusesFor(wamid).length ? statusesFor(wamid) : undefined));
    expect(failed).toMatchObject({ id: wamid, status: 'failed', recipient_id: '34611222333' });
    expect(failed.errors[0]).toMatchObject({ code: 131047, title: 'Re-engagement message' });
    expect(failed.errors[0].error_data.details).toMatch(/24 hours/);
    // A failed message never moves on.
    expect(statusesFor(wamid).map((s) => s.status)).toEqual(['failed']);
  });

  it('delivers free-form text to a user whose window is open', async () => {
    sandbox.openWindow(PNID, '+34 611 222 333');
    const send = await api(sandbox, 'POST', `/${PNID}/messages`, textMessage('+34611222333'));
    const wamid = send.json.messages[0].id;

    await waitFor('delivered status', () => statusesFor(wamid).some((s) => s.status === 'delivered'));
    expect(statusesFor(wamid).some((s) => s.status === 'failed')).toBe(false);
    expect(statusesFor(wamid).find((s) => s.status === 'sent').pricing).toMatchObject({ category: 'service', type: 'free_customer_service' });
  });

  it('treats a window opened more than 24 hours ago as closed', async () => {
    sandbox.openWindow(PNID, '34611222333', Date.now() - 25 * 60 * 60 * 1000);
    const send = await api(sandbox, 'POST', `/${PNID}/messages`, textMessage('+34611222333'));
    const wamid = send.json.messages[0].id;
    await waitFor('failed status', () => statusesFor(wamid).some((s) => s.status === 'failed'));
  });

  it('does not enforce the window when enforceWindow is false', async () => {
    await sandbox.close();
    sandbox = await startSandbox({ webhookUrl: receiver.url, enforceWindow: false });
    const send = await api(sandbox, 'POST', `/${PNID}/messages`, textMessage('+34611222444'));
    const wamid = send.json.messages[0].id;
    await waitFor('delivered status', () => statusesFor(wamid).some((s) => s.status === 'delivered'));
    expect(statusesFor(wamid).some((s) => s.status === 'failed')).toBe(false);
  });
});

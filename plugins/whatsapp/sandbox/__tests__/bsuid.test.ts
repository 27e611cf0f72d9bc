import type { Sandbox } from '..';
import { api, PNID, sleep, startReceiver, startSandbox, statusesOf, waitFor, type Receiver } from './helpers';

const USER_ID = 'US.13491208655302741918';

/**
 * Business-scoped user ids (BSUID) as Meta handles them: `recipient` is accepted and delivered
 * (statuses name the user by recipient_user_id), while a BSUID given as `to` is answered 200 with
 * a wamid and never delivered; a username user writes with from_user_id and no phone.
 */
describe('sandbox BSUID recipients', () => {
  let sandbox: Sandbox;
  let receiver: Receiver;
  beforeEach(async () => {
    receiver = await startReceiver();
    sandbox = await startSandbox({ webhookUrl: receiver.url });
  });
  afterEach(async () => {
    await sandbox.close();
    await receiver.close();
  });

  const statusesFor = (wamid: string) => statusesOf(receiver.received).filter((status) => status.id === wamid);
  const text = (recipient: Record<string, string>) => ({ messaging_product: 'whatsapp', ...recipient, type: 'text', text: { body: 'Hola' } });

  it('simulates a username user writing without a phone, then delivers a recipient send with recipient_user_id statuses', async () => {
    await sandbox.simulateInbound({ phoneNumberId: PNID, userId: USER_ID, username: 'lucia.g', name: 'Lucía', text: 'Hola' });
    const inbound = receiver.received[0].json.entry[0].changes[0].value;
    expect(inbound.contacts[0]).toEqual({ profile: { name: 'Lucía', username: 'lucia.g' }, user_id: USER_ID });
    expect(inbound.messages[0].from).toBeUndefined();
    expect(inbound.messages[0].from_user_id).toBe(USER_ID);

    const send = await api(sandbox, 'POST', `/${PNID}/messages`, text({ recipient: USER_ID }));
    expect(send.status).toBe(200);
    expect(send.json.contacts[0]).toEqual({ input: USER_ID, user_id: USER_ID });
    const wamid = send.json.messages[0].id;
    const statuses = await waitFor('three statuses', () => (statusesFor(wamid).length === 3 ? statusesFor(wamid) : undefined));
    expect(statuses.map((s) => s.status).sort()).toEqual(['delivered', 'read', 'sent']);
    for (const status of statuses) {
      expect(status.recipient_user_id).toBe(USER_ID);
      expect(status.recipient_id).toBeUndefined();
    }
    expect(sandbox.sent.at(-1)).toMatchObject({ recipient: USER_ID });
  });

  it('answers 200 with a wamid for a BSUID given as to, and never delivers it', async () => {
    const send = await api(sandbox, 'POST', `/${PNID}/messages`, text({ to: USER_ID }));
    expect(send.status).toBe(200);
    const wamid = send.json.messages[0].id;
    expect(wamid).toMatch(/^wamid\./);
    await sleep(100);
    expect(statusesFor(wamid)).toEqual([]);
    expect(sandbox.sent.at(-1)).toMatchObject({ wamid, dropped: true });
  });

  it('refuses a recipient that is not a BSUID with invalid parameter', async () => {
    const send = await api(sandbox, 'POST', `/${PNID}/messages`, text({ recipient: '34611222333' }));
    expect(send.status).toBe(400);
    expect(JSON.stringify(send.json.error)).toMatch(/recipient/);
  });

  it('lets to win when both to and recipient are given', async () => {
    const send = await api(sandbox, 'POST', `/${PNID}/messages`, text({ to: '+34611222333', recipient: USER_ID }));
    expect(send.status).toBe(200);
    expect(send.json.contacts[0]).toEqual({ input: '+34611222333', wa_id: '34611222333' });
  });
});

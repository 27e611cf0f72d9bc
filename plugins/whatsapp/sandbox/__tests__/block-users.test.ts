import type { Sandbox } from '..';
import { api, PNID, PNID_2, startSandbox, textMessage } from './helpers';

/** Meta's Block Users API in the sandbox: body shapes, the 24-hour rule, per-request limit, sends to a blocked user. */
describe('sandbox block_users', () => {
  let sandbox: Sandbox;
  beforeEach(async () => {
    sandbox = await startSandbox();
  });
  afterEach(async () => {
    await sandbox.close();
  });

  const body = (...users: string[]) => ({ messaging_product: 'whatsapp', block_users: users.map((user) => ({ user })) });

  it('blocks a user who wrote in the last 24 hours, lists them, refuses sends to them, and unblocks', async () => {
    sandbox.openWindow(PNID, '34611222333');
    const block = await api(sandbox, 'POST', `/${PNID}/block_users`, body('+34611222333'));
    expect(block.status).toBe(200);
    expect(block.json).toEqual({ messaging_product: 'whatsapp', block_users: { added_users: [{ input: '+34611222333', wa_id: '34611222333' }] } });
    expect(sandbox.blockedUsers(PNID)).toEqual(['34611222333']);
    // Per number: the other number has not blocked them.
    expect(sandbox.blockedUsers(PNID_2)).toEqual([]);

    const list = await api(sandbox, 'GET', `/${PNID}/block_users`);
    expect(list.json.data).toEqual([{ messaging_product: 'whatsapp', wa_id: '34611222333' }]);

    const send = await api(sandbox, 'POST', `/${PNID}/messages`, textMessage('+34611222333'));
    expect(send.status).toBe(400);
    expect(send.json.error.code).toBe(130403);
    expect(sandbox.sent).toHaveLength(0);

    const unblock = await api(sandbox, 'DELETE', `/${PNID}/block_users`, body('+34611222333'));
    expect(unblock.json).toEqual({ messaging_product: 'whatsapp', block_users: { removed_users: [{ input: '+34611222333', wa_id: '34611222333' }] } });
    expect(sandbox.blockedUsers(PNID)).toEqual([]);
    expect((await api(sandbox, 'POST', `/${PNID}/messages`, textMessage('+34611222333'))).status).toBe(200);
    expect(sandbox.blockCalls.map((call) => call.method)).toEqual(['POST', 'DELETE']);
  });

  it('refuses per user those who did not write in 24 hours (139100), blocking the others', async () => {
    sandbox.openWindow(PNID, '34611000001');
    sandbox.openWindow(PNID, '34611000002', Date.now() - 25 * 3600 * 1000);
    const res = await api(sandbox, 'POST', `/${PNID}/block_users`, body('34611000001', '34611000002'));
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: 139100 });
    expect(res.json.block_users.added_users).toEqual([{ input: '34611000001', wa_id: '34611000001' }]);
    expect(res.json.block_users.failed_users).toEqual([
      { input: '34611000002', wa_id: '34611000002', errors: [expect.objectContaining({ code: 139100, error_data: { details: expect.stringMatching(/last 24 hours/) } })] },
    ]);
    expect(sandbox.blockedUsers(PNID)).toEqual(['34611000001']);
  });

  it('refuses more than 1,000 users in a request, a bad body, and an unknown number', async () => {
    const many = Array.from({ length: 1001 }, (_, i) => `3461${String(i).padStart(7, '0')}`);
    const tooMany = await api(sandbox, 'POST', `/${PNID}/block_users`, body(...many));
    expect([tooMany.status, tooMany.json.error.code]).toEqual([400, 100]);
    expect(tooMany.json.error.error_data.details).toMatch(/at most 1000 users/);
    expect((await api(sandbox, 'POST', `/${PNID}/block_users`, { messaging_product: 'whatsapp' })).json.error.code).toBe(131008);
    expect((await api(sandbox, 'POST', `/${PNID}/block_users`, { block_users: [{ user: '34611222333' }] })).json.error.code).toBe(100);
    expect((await api(sandbox, 'POST', '/999/block_users', body('34611222333'))).json.error.code).toBe(100);
    expect(sandbox.blockCalls).toEqual([]);
  });

  it('records mark-as-read calls, with the typing indicator', async () => {
    await api(sandbox, 'POST', `/${PNID}/messages`, { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.A' });
    await api(sandbox, 'POST', `/${PNID}/messages`, { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.B', typing_indicator: { type: 'text' } });
    expect(sandbox.readReceipts.map((r) => [r.messageId, r.typing])).toEqual([
      ['wamid.A', false],
      ['wamid.B', true],
    ]);
    sandbox.reset();
    expect(sandbox.readReceipts).toEqual([]);
  });
});

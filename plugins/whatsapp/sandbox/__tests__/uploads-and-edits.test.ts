import type { Sandbox } from '..';
import { SANDBOX_APP_ID } from '../uploads';
import { api, startReceiver, startSandbox, TOKEN, WABA_ID, waitFor, type Receiver } from './helpers';

/** Meta's Resumable Upload API (header samples) and template edits, over real HTTP. */

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');

async function rawPost(sandbox: Sandbox, path: string, body: Buffer, headers: Record<string, string>) {
  const response = await fetch(`${sandbox.url}/v25.0${path}`, { method: 'POST', headers, body });
  return { status: response.status, json: await response.json() };
}

async function upload(sandbox: Sandbox, data = PNG, type = 'image/png') {
  const session = await api(sandbox, 'POST', `/${SANDBOX_APP_ID}/uploads?file_name=sample.png&file_length=${data.length}&file_type=${type}`);
  expect(session.status).toBe(200);
  const sent = await rawPost(sandbox, `/${session.json.id}`, data, { Authorization: `OAuth ${TOKEN}`, file_offset: '0' });
  expect(sent.status).toBe(200);
  return sent.json.h as string;
}

const imageTemplate = (name: string, handle: string) => ({
  name,
  language: 'en',
  category: 'MARKETING',
  components: [
    { type: 'HEADER', format: 'IMAGE', example: { header_handle: [handle] } },
    { type: 'BODY', text: 'Hi {{1}}, the new bread is here.', example: { body_text: [['Lucy']] } },
  ],
});

describe('sandbox resumable upload API', () => {
  let sandbox: Sandbox;
  beforeEach(async () => {
    sandbox = await startSandbox({ appId: SANDBOX_APP_ID });
  });
  afterEach(() => sandbox.close());

  it('opens a session, takes the bytes with an OAuth header and file_offset, and issues a handle', async () => {
    const session = await api(sandbox, 'POST', `/${SANDBOX_APP_ID}/uploads?file_length=${PNG.length}&file_type=image/png`);
    expect(session.json.id).toMatch(/^upload:/);
    const state = await api(sandbox, 'GET', `/${session.json.id}`);
    expect(state.json).toEqual({ id: session.json.id, file_offset: 0 });

    const half = PNG.subarray(0, 10);
    const first = await rawPost(sandbox, `/${session.json.id}`, half, { Authorization: `OAuth ${TOKEN}`, file_offset: '0' });
    expect(first.json).toEqual({ id: session.json.id, file_offset: 10 });
    const wrongOffset = await rawPost(sandbox, `/${session.json.id}`, PNG.subarray(10), { Authorization: `OAuth ${TOKEN}`, file_offset: '0' });
    expect(wrongOffset.status).toBe(400);
    expect(wrongOffset.json.error.error_data.details).toMatch(/resume from 10/);
    const rest = await rawPost(sandbox, `/${session.json.id}`, PNG.subarray(10), { Authorization: `OAuth ${TOKEN}`, file_offset: '10' });
    expect(rest.json.h).toMatch(/^4::/);

    // The handle is accepted as a media header sample.
    const created = await api(sandbox, 'POST', `/${WABA_ID}/message_templates`, imageTemplate('new_bread', rest.json.h));
    expect(created.status).toBe(200);
  });

  it('refuses what Meta refuses: unknown app, missing or bad length and type, no token, no offset', async () => {
    expect((await api(sandbox, 'POST', `/123456789/uploads?file_length=10&file_type=image/png`)).json.error.code).toBe(100);
    const noLength = await api(sandbox, 'POST', `/${SANDBOX_APP_ID}/uploads?file_type=image/png`);
    expect(noLength.status).toBe(400);
    expect(noLength.json.error.error_data.details).toMatch(/file_length/);
    const badType = await api(sandbox, 'POST', `/${SANDBOX_APP_ID}/uploads?file_length=10&file_type=image/gif`);
    expect(badType.json.error.error_data.details).toMatch(/file_type must be one of/);
    const tooBig = await api(sandbox, 'POST', `/${SANDBOX_APP_ID}/uploads?file_length=${6 * 1024 * 1024}&file_type=image/png`);
    expect(tooBig.json.error.error_data.details).toMatch(/at most/);
    expect((await api(sandbox, 'POST', `/${SANDBOX_APP_ID}/uploads?file_length=10&file_type=image/png`, undefined, null)).status).toBe(401);

    const session = await api(sandbox, 'POST', `/${SANDBOX_APP_ID}/uploads?file_length=${PNG.length}&file_type=image/png`);
    const noOffset = await rawPost(sandbox, `/${session.json.id}`, PNG, { Authorization: `OAuth ${TOKEN}` });
    expect(noOffset.status).toBe(400);
    expect(noOffset.json.error.error_data.details).toMatch(/file_offset/);
    const unauthenticated = await rawPost(sandbox, `/${session.json.id}`, PNG, { file_offset: '0' });
    expect(unauthenticated.status).toBe(401);
    const tooLong = await rawPost(sandbox, `/${session.json.id}`, Buffer.concat([PNG, PNG]), { Authorization: `OAuth ${TOKEN}`, file_offset: '0' });
    expect(tooLong.json.error.error_data.details).toMatch(/longer than the file_length/);
  });

  it('refuses a media header without a handle it issued, or of the wrong type', async () => {
    const made = await api(sandbox, 'POST', `/${WABA_ID}/message_templates`, imageTemplate('made_up', '4::aW1hZ2UvcG5n:invented'));
    expect(made.status).toBe(400);
    expect(made.json.error).toMatchObject({ code: 100, error_subcode: 2388047 });
    const pdf = await upload(sandbox, Buffer.from('%PDF-1.4 sample'), 'application/pdf');
    const wrongType = await api(sandbox, 'POST', `/${WABA_ID}/message_templates`, imageTemplate('wrong_type', pdf));
    expect(wrongType.json.error.error_data.details).toMatch(/IMAGE header takes/);
  });
});

describe('sandbox template edits (POST /{template-id})', () => {
  let sandbox: Sandbox;
  let receiver: Receiver;
  beforeEach(async () => {
    receiver = await startReceiver();
    sandbox = await startSandbox({
      webhookUrl: receiver.url,
      approveDelayMs: 30,
      templates: [
        { name: 'approved_one', language: 'en', category: 'UTILITY', components: [{ type: 'BODY', text: 'Your order is ready.' }] },
        { name: 'rejected_one', language: 'en', category: 'UTILITY', status: 'REJECTED', components: [{ type: 'BODY', text: 'Buy now.' }] },
        { name: 'pending_one', language: 'en', category: 'UTILITY', status: 'PENDING', components: [{ type: 'BODY', text: 'Wait.' }] },
      ],
    });
  });
  afterEach(async () => {
    await sandbox.close();
    await receiver.close();
  });
  const byName = (name: string) => sandbox.templates.find((t) => t.name === name)!;
  const body = (text: string) => ({ components: [{ type: 'BODY', text }] });

  it('edits an approved template: back to PENDING with the new components, then approved again', async () => {
    const id = byName('approved_one').id!;
    const res = await api(sandbox, 'POST', `/${id}`, body('Your order is ready for pickup.'));
    expect(res).toMatchObject({ status: 200, json: { success: true } });
    expect(byName('approved_one')).toMatchObject({ status: 'PENDING', components: [{ type: 'BODY', text: 'Your order is ready for pickup.' }] });
    await waitFor('re-approval', () => byName('approved_one').status === 'APPROVED');
    await waitFor('status webhook', () => receiver.received.length > 0);
  });

  it('allows one edit of an approved template per 24 hours, naming the limit', async () => {
    const id = byName('approved_one').id!;
    expect((await api(sandbox, 'POST', `/${id}`, body('First edit of the text.'))).status).toBe(200);
    await waitFor('re-approval', () => byName('approved_one').status === 'APPROVED');
    const second = await api(sandbox, 'POST', `/${id}`, body('Second edit of the text.'));
    expect(second.status).toBe(400);
    expect(second.json.error.code).toBe(100);
    expect(second.json.error.error_data.details).toMatch(/1 time in 24 hours/);
    expect(byName('approved_one').components[0].text).toBe('First edit of the text.');
  });

  it('allows at most 10 edits of an approved template in 30 days, a day apart, naming the limit', async () => {
    const id = byName('approved_one').id!;
    const start = Date.now();
    let now = start;
    const clock = jest.spyOn(Date, 'now').mockImplementation(() => now);
    try {
      for (let edit = 1; edit <= 10; edit += 1) {
        now = start + edit * 25 * 60 * 60 * 1000; // a little over a day after the previous edit
        expect((await api(sandbox, 'POST', `/${id}`, body(`Edit number ${edit} of the text.`))).status).toBe(200);
        await waitFor('re-approval', () => byName('approved_one').status === 'APPROVED');
      }
      now = start + 11 * 25 * 60 * 60 * 1000;
      const eleventh = await api(sandbox, 'POST', `/${id}`, body('Edit number 11 of the text.'));
      expect(eleventh.status).toBe(400);
      expect(eleventh.json.error.error_data.details).toMatch(/at most 10 times in 30 days/);
    } finally {
      clock.mockRestore();
    }
  });

  it('refuses a category change of an approved template, a name change and a PENDING template', async () => {
    const approved = byName('approved_one').id!;
    const category = await api(sandbox, 'POST', `/${approved}`, { category: 'MARKETING' });
    expect(category.json.error.error_data.details).toMatch(/category of an approved template cannot be edited/);
    const name = await api(sandbox, 'POST', `/${approved}`, { name: 'other_name', ...body('Text.') });
    expect(name.json.error.error_data.details).toMatch(/name of a template cannot be edited/);
    const pending = await api(sandbox, 'POST', `/${byName('pending_one').id}`, body('Text changed.'));
    expect(pending.json.error.error_data.details).toMatch(/APPROVED, REJECTED, PAUSED can be edited; this one is PENDING/);
    expect((await api(sandbox, 'POST', '/987654321', body('x'))).json.error.code).toBe(100);
  });

  it('edits a rejected template, category included (no limit applies)', async () => {
    const id = byName('rejected_one').id!;
    expect((await api(sandbox, 'POST', `/${id}`, { category: 'MARKETING', ...body('Fresh bread today.') })).status).toBe(200);
    expect(byName('rejected_one')).toMatchObject({ status: 'PENDING', category: 'MARKETING' });
  });
});

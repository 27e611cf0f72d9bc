import type { Sandbox, SandboxTemplate } from '..';
import { createGraphClient } from '../../server/src/core/graph/client';
import { GraphApiError } from '../../server/src/core/graph/errors';
import { api, PNID, startSandbox, templateMessage, TOKEN } from './helpers';

/** The Marketing Messages API in the sandbox: POST /{phone-number-id}/marketing_messages (docs/marketing-messages.md#the-sandbox). */
const TEMPLATES: SandboxTemplate[] = [
  { name: 'promo', language: 'es', category: 'MARKETING', components: [{ type: 'BODY', text: 'Oferta de la semana' }] },
  { name: 'aviso', language: 'es', category: 'UTILITY', components: [{ type: 'BODY', text: 'Su pedido está listo' }] },
];

describe('sandbox marketing_messages', () => {
  let sandbox: Sandbox;
  beforeEach(async () => {
    sandbox = await startSandbox({ templates: TEMPLATES });
  });
  afterEach(async () => {
    await sandbox.close();
  });

  it('refuses (403, code 10) until the WABA is onboarded, then sends MARKETING templates like /messages', async () => {
    const refused = await api(sandbox, 'POST', `/${PNID}/marketing_messages`, templateMessage('promo', 'es'));
    expect(refused.status).toBe(403);
    expect(refused.json.error).toMatchObject({ code: 10 });
    expect(refused.json.error.error_data.details).toMatch(/not onboarded to the Marketing Messages API/);
    expect(sandbox.sent).toHaveLength(0);

    sandbox.setMarketingMessages(true);
    const sent = await api(sandbox, 'POST', `/${PNID}/marketing_messages`, templateMessage('promo', 'es'));
    expect(sent.status).toBe(200);
    expect(sent.json).toMatchObject({ messaging_product: 'whatsapp', contacts: [{ input: '+34611222333', wa_id: '34611222333' }], messages: [{ id: expect.stringMatching(/^wamid\./) }] });
    expect(sandbox.sent.map((s) => s.endpoint)).toEqual(['marketing_messages']);

    // /messages still takes the same template, recorded as such.
    expect((await api(sandbox, 'POST', `/${PNID}/messages`, templateMessage('promo', 'es'))).status).toBe(200);
    expect(sandbox.sent.map((s) => s.endpoint)).toEqual(['marketing_messages', 'messages']);

    // reset() goes back to the option (not onboarded).
    sandbox.reset();
    expect(sandbox.marketingMessages).toBe(false);
  });

  it('sends MARKETING templates only: another category or a non-template is refused (100)', async () => {
    sandbox.setMarketingMessages(true);
    const utility = await api(sandbox, 'POST', `/${PNID}/marketing_messages`, templateMessage('aviso', 'es'));
    expect(utility.status).toBe(400);
    expect(utility.json.error.code).toBe(100);
    expect(utility.json.error.error_data.details).toMatch(/MARKETING templates only.*UTILITY/);
    const text = await api(sandbox, 'POST', `/${PNID}/marketing_messages`, { messaging_product: 'whatsapp', to: '+34611222333', type: 'text', text: { body: 'Hola' } });
    expect(text.status).toBe(400);
    expect(sandbox.sent).toHaveLength(0);
  });

  it('the Graph client sends through it (sendMarketingMessage), and a refusal is a non-retryable GraphApiError', async () => {
    const client = createGraphClient({ baseUrl: sandbox.url, apiVersion: 'v25.0', accessToken: TOKEN });
    const body = templateMessage('promo', 'es') as any;
    const error = await client.sendMarketingMessage(PNID, body).catch((e) => e);
    expect(error).toBeInstanceOf(GraphApiError);
    expect(error).toMatchObject({ code: 10, retryable: false });

    sandbox.setMarketingMessages(true);
    const result = await client.sendMarketingMessage(PNID, body);
    expect(result).toMatchObject({ wamid: sandbox.sent[0].wamid, waId: '34611222333' });
    expect(sandbox.sent[0].endpoint).toBe('marketing_messages');
  });
});

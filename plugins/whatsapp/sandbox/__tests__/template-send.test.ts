import type { Sandbox, SandboxTemplate } from '..';
import { api, PNID, startSandbox, templateMessage } from './helpers';

/** Template sends: 132001 when the template is not usable, 132000 when the parameters do not fit. */

const TEMPLATES: SandboxTemplate[] = [
  {
    name: 'order_update',
    language: 'es',
    category: 'UTILITY',
    components: [
      { type: 'HEADER', format: 'TEXT', text: 'Pedido {{1}}' },
      { type: 'BODY', text: 'Hola {{1}}, su pedido {{2}} sale hoy. {{1}}, gracias.' },
      { type: 'FOOTER', text: 'Panadería' },
      {
        type: 'BUTTONS',
        buttons: [
          { type: 'URL', text: 'Seguir', url: 'https://example.com/track/{{1}}' },
          { type: 'QUICK_REPLY', text: 'Parar' },
        ],
      },
    ],
  },
  {
    name: 'visit_reminder',
    language: 'en',
    category: 'UTILITY',
    parameter_format: 'NAMED',
    components: [{ type: 'BODY', text: 'Hi {{customer_name}}, see you on {{visit_date}}.' }],
  },
  {
    name: 'promo_photo',
    language: 'es',
    category: 'MARKETING',
    components: [
      { type: 'HEADER', format: 'IMAGE' },
      { type: 'BODY', text: 'Oferta especial esta semana.' },
    ],
  },
  { name: 'still_pending', language: 'es', category: 'UTILITY', status: 'PENDING', components: [{ type: 'BODY', text: 'Hola.' }] },
];

const text = (value: string, name?: string) => ({ type: 'text', text: value, ...(name ? { parameter_name: name } : {}) });

const goodOrderUpdate = () => [
  { type: 'header', parameters: [text('A-1')] },
  { type: 'body', parameters: [text('Lucía'), text('A-1')] },
  { type: 'button', sub_type: 'url', index: '0', parameters: [text('A-1')] },
];

describe('sandbox template sends', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ templates: TEMPLATES });
  });
  afterAll(() => sandbox.close());

  const send = (body: unknown) => api(sandbox, 'POST', `/${PNID}/messages`, body);

  it('accepts a template whose parameters match header, body and buttons', async () => {
    const result = await send(templateMessage('order_update', 'es', goodOrderUpdate()));
    expect(result.status).toBe(200);
    expect(result.json.messages[0].id).toMatch(/^wamid\./);
  });

  it.each([
    ['an unknown name', templateMessage('no_such_template', 'es', [])],
    ['a language it does not have', templateMessage('order_update', 'en', goodOrderUpdate())],
    ['a template still pending review', templateMessage('still_pending', 'es')],
  ])('answers 132001 for %s', async (_, body) => {
    const result = await send(body);
    expect(result.status).toBe(404);
    expect(result.json.error).toMatchObject({ code: 132001, message: '(#132001) Template name does not exist in the translation' });
    expect(result.json.error.error_data.details).toContain(body.template.name);
  });

  it('answers 132000 when the body has too few parameters', async () => {
    const components = goodOrderUpdate();
    components[1] = { type: 'body', parameters: [text('Lucía')] };
    const result = await send(templateMessage('order_update', 'es', components));
    expect(result.status).toBe(400);
    expect(result.json.error.code).toBe(132000);
    expect(result.json.error.error_data.details).toMatch(/^body: .*\(1\).*\(2\)/);
  });

  it('answers 132000 when the header parameter is missing', async () => {
    const result = await send(templateMessage('order_update', 'es', goodOrderUpdate().slice(1)));
    expect(result.json.error.code).toBe(132000);
    expect(result.json.error.error_data.details).toMatch(/^header/);
  });

  it('answers 132000 when a URL button variable is missing or has extra parameters', async () => {
    const missing = await send(templateMessage('order_update', 'es', goodOrderUpdate().slice(0, 2)));
    expect(missing.json.error.code).toBe(132000);
    expect(missing.json.error.error_data.details).toMatch(/button at index 0/);

    const components = goodOrderUpdate();
    components[2] = { type: 'button', sub_type: 'url', index: '0', parameters: [text('A-1'), text('B-2')] };
    const extra = await send(templateMessage('order_update', 'es', components));
    expect(extra.json.error.code).toBe(132000);
  });

  it('allows an optional quick-reply payload but not parameters for a body without variables', async () => {
    const withPayload = await send(
      templateMessage('order_update', 'es', [...goodOrderUpdate(), { type: 'button', sub_type: 'quick_reply', index: '1', parameters: [{ type: 'payload', payload: 'STOP' }] }])
    );
    expect(withPayload.status).toBe(200);

    const extraBody = await send(
      templateMessage('promo_photo', 'es', [
        { type: 'header', parameters: [{ type: 'image', image: { link: 'https://example.com/a.jpg' } }] },
        { type: 'body', parameters: [text('unexpected')] },
      ])
    );
    expect(extraBody.json.error.code).toBe(132000);
  });

  it('checks media headers: missing → 132000, wrong type → 132012', async () => {
    const missing = await send(templateMessage('promo_photo', 'es', []));
    expect(missing.json.error.code).toBe(132000);

    const wrongType = await send(templateMessage('promo_photo', 'es', [{ type: 'header', parameters: [text('not an image')] }]));
    expect(wrongType.json.error.code).toBe(132012);

    const ok = await send(templateMessage('promo_photo', 'es', [{ type: 'header', parameters: [{ type: 'image', image: { link: 'https://example.com/a.jpg' } }] }]));
    expect(ok.status).toBe(200);
  });

  it('matches named parameters by parameter_name', async () => {
    const ok = await send(templateMessage('visit_reminder', 'en', [
      { type: 'body', parameters: [text('Lucy', 'customer_name'), text('Monday', 'visit_date')] },
    ]));
    expect(ok.status).toBe(200);

    const wrongName = await send(templateMessage('visit_reminder', 'en', [
      { type: 'body', parameters: [text('Lucy', 'customer_name'), text('Monday', 'date')] },
    ]));
    expect(wrongName.json.error.code).toBe(132000);
    expect(wrongName.json.error.error_data.details).toMatch(/unexpected: date; missing: visit_date/);

    const unlabelled = await send(templateMessage('visit_reminder', 'en', [{ type: 'body', parameters: [text('Lucy'), text('Monday')] }]));
    expect(unlabelled.json.error.code).toBe(132000);
  });

  it('records accepted template sends with their request body', async () => {
    const before = sandbox.sent.length;
    await send(templateMessage('order_update', 'es', goodOrderUpdate()));
    const last = sandbox.sent[sandbox.sent.length - 1];
    expect(sandbox.sent.length).toBe(before + 1);
    expect(last).toMatchObject({ phoneNumberId: PNID, to: '+34611222333', type: 'template' });
    expect(last.body.template.name).toBe('order_update');
  });
});

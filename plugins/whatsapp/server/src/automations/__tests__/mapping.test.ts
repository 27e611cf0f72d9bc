import { checkMapping, renderParameters, templateSlots, toTemplateSendParts, type TemplateLike } from '../mapping';

const poNotification: TemplateLike = {
  name: 'po_notification',
  language: 'es',
  reviewStatus: 'APPROVED',
  components: [
    { type: 'HEADER', format: 'TEXT', text: 'Pedido {{1}}' },
    { type: 'BODY', text: 'Hola {{1}}, pedido {{2}} por {{3}}.' },
    {
      type: 'BUTTONS',
      buttons: [
        { type: 'QUICK_REPLY', text: 'OK' },
        { type: 'URL', text: 'Ver', url: 'https://example.com/po/{{1}}' },
        { type: 'COPY_CODE', example: 'ABC' },
      ],
    },
  ],
};

const named: TemplateLike = {
  name: 'delivery_reminder',
  language: 'es',
  parameterFormat: 'NAMED',
  components: [{ type: 'BODY', text: 'Hola {{customer_name}}, entrega el {{delivery_date}}.' }],
};

describe('templateSlots', () => {
  it('lists header, body and button variables', () => {
    expect(templateSlots(poNotification).slots.map((slot) => slot.key)).toEqual(['header.1', 'body.1', 'body.2', 'body.3', 'button.1', 'button.2']);
  });

  it('builds slots from the authoring fields when there are no components', () => {
    const authored: TemplateLike = { name: 'x', language: 'en', headerFormat: 'IMAGE', body: 'Hi {{1}}' };
    expect(templateSlots(authored).slots.map((slot) => slot.key)).toEqual(['header.media', 'body.1']);
  });

  it('keeps named variables by name', () => {
    expect(templateSlots(named)).toMatchObject({ named: true, slots: [{ key: 'body.customer_name' }, { key: 'body.delivery_date' }] });
  });
});

describe('checkMapping', () => {
  it('reports unmapped and unknown variables', () => {
    const { slots } = templateSlots(named);
    const problems = checkMapping(slots, { 'body.customer_name': { source: 'fixed', value: 'x' }, 'body.4': { source: 'adminUrl' } }, 'delivery_reminder (es)');
    expect(problems.map((problem) => problem.slot)).toEqual(['body.delivery_date', 'body.4']);
  });
});

describe('renderParameters', () => {
  const record: Record<string, any> = { poNumber: 'PO-7', total: '1250.5', currency: 'EUR', supplier: { name: 'Harinas', phone: null } };
  const types: Record<string, string> = { poNumber: 'string', total: 'decimal', currency: 'string', 'supplier.name': 'string', 'supplier.phone': 'string' };
  const context = {
    resolve: (path: string) => ({ value: path.split('.').reduce((v: any, k) => v?.[k], record), attributeType: types[path] }),
    locale: 'es',
    adminUrl: 'https://crm.example.com/admin/content-manager/collection-types/api::purchase-order.purchase-order/abc',
  };

  it('renders fields, currency, fixed text and the admin URL', () => {
    const { slots } = templateSlots(poNotification);
    const result = renderParameters(
      slots,
      {
        'header.1': { source: 'field', path: 'poNumber', format: 'auto' },
        'body.1': { source: 'field', path: 'supplier.name', format: 'auto' },
        'body.2': { source: 'fixed', value: 'urgente\n ya' },
        'body.3': { source: 'field', path: 'total', format: 'currency', currencyPath: 'currency' },
        'button.1': { source: 'field', path: 'poNumber', format: 'text' },
        'button.2': { source: 'adminUrl' },
      },
      context
    );
    expect(result.problems).toEqual([]);
    expect(result.values).toEqual({
      header: { 1: 'PO-7' },
      body: { 1: 'Harinas', 2: 'urgente  ya', 3: '1250,50\u00a0€' },
      buttons: { 1: 'PO-7', 2: context.adminUrl },
    });
    expect(toTemplateSendParts(slots, result.values, false)).toEqual({
      header: { type: 'text', parameters: ['PO-7'] },
      body: ['Harinas', 'urgente  ya', '1250,50\u00a0€'],
      buttons: [
        { index: 1, parameter: 'PO-7' },
        { index: 2, parameter: context.adminUrl },
      ],
    });
  });

  it('reports empty fields unless a fallback is given', () => {
    const { slots } = templateSlots({ name: 'x', language: 'es', components: [{ type: 'BODY', text: '{{1}}' }] });
    expect(renderParameters(slots, { 'body.1': { source: 'field', path: 'supplier.phone', format: 'auto' } }, context).problems).toEqual([
      { slot: 'body.1', message: 'body.1: supplier.phone is empty' },
    ]);
    expect(
      renderParameters(slots, { 'body.1': { source: 'field', path: 'supplier.phone', format: 'auto', fallback: '-' } }, context).values.body
    ).toEqual({ 1: '-' });
  });

  it('sends named variables by name and media headers as links', () => {
    const { slots, named: isNamed } = templateSlots(named);
    const result = renderParameters(
      slots,
      { 'body.customer_name': { source: 'fixed', value: 'Ane' }, 'body.delivery_date': { source: 'fixed', value: 'lunes' } },
      context
    );
    expect(toTemplateSendParts(slots, result.values, isNamed)).toEqual({ body: { customer_name: 'Ane', delivery_date: 'lunes' } });

    const image = templateSlots({ name: 'x', language: 'en', headerFormat: 'IMAGE', body: 'Hi' });
    const media = renderParameters(image.slots, { 'header.media': { source: 'fixed', value: 'https://cdn.example.com/a.jpg' } }, context);
    expect(toTemplateSendParts(image.slots, media.values, false)).toEqual({ header: { type: 'image', image: { link: 'https://cdn.example.com/a.jpg' } } });
    expect(renderParameters(image.slots, { 'header.media': { source: 'fixed', value: 'a.jpg' } }, context).problems[0].message).toMatch(/not an https URL/);
  });
});

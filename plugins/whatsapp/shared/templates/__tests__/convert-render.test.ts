import { fromMetaComponents, parameterCount, toMetaCreateBody } from '../convert';
import { exampleValues, renderTemplate, whatsappMarkup } from '../render';
import type { TemplateDraft } from '../types';

const draft: TemplateDraft = {
  name: 'order_ready',
  language: 'en',
  category: 'UTILITY',
  parameterFormat: 'POSITIONAL',
  headerFormat: 'TEXT',
  headerText: 'Order {{1}}',
  headerExample: 'A-1043',
  body: 'Hi {{1}}, your order {{2}} is ready.',
  bodyExamples: ['Lucy', 'A-1043'],
  footer: 'Panadería La Espiga',
  buttons: [
    { type: 'QUICK_REPLY', text: 'On my way' },
    { type: 'URL', text: 'Track', url: 'https://shop.example.com/o/{{1}}', example: 'A-1043' },
    { type: 'PHONE_NUMBER', text: 'Call us', phoneNumber: '+34 600 000 001' },
    { type: 'COPY_CODE', example: 'SAVE10' },
  ],
};

describe('toMetaCreateBody', () => {
  it('builds Meta’s create body with examples in Meta’s shapes', () => {
    expect(toMetaCreateBody(draft)).toEqual({
      name: 'order_ready',
      language: 'en',
      category: 'UTILITY',
      parameter_format: 'POSITIONAL',
      components: [
        { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}', example: { header_text: ['A-1043'] } },
        { type: 'BODY', text: 'Hi {{1}}, your order {{2}} is ready.', example: { body_text: [['Lucy', 'A-1043']] } },
        { type: 'FOOTER', text: 'Panadería La Espiga' },
        {
          type: 'BUTTONS',
          buttons: [
            { type: 'QUICK_REPLY', text: 'On my way' },
            { type: 'URL', text: 'Track', url: 'https://shop.example.com/o/{{1}}', example: ['https://shop.example.com/o/A-1043'] },
            { type: 'PHONE_NUMBER', text: 'Call us', phone_number: '+34600000001' },
            { type: 'COPY_CODE', example: 'SAVE10' },
          ],
        },
      ],
    });
  });

  it('uses named-parameter examples for NAMED templates', () => {
    const body = toMetaCreateBody({
      ...draft,
      parameterFormat: 'NAMED',
      headerText: 'Order {{order_id}}',
      body: 'Hi {{first_name}}, thanks.',
      bodyExamples: { first_name: 'Lucy' },
      buttons: null,
      footer: '',
    });
    expect(body.components).toEqual([
      { type: 'HEADER', format: 'TEXT', text: 'Order {{order_id}}', example: { header_text_named_params: [{ param_name: 'order_id', example: 'A-1043' }] } },
      { type: 'BODY', text: 'Hi {{first_name}}, thanks.', example: { body_text_named_params: [{ param_name: 'first_name', example: 'Lucy' }] } },
    ]);
  });

  it('sends a media header with its handle and no header for NONE', () => {
    expect(toMetaCreateBody({ ...draft, headerFormat: 'IMAGE', headerExample: '4::abc' }).components[0]).toEqual({
      type: 'HEADER',
      format: 'IMAGE',
      example: { header_handle: ['4::abc'] },
    });
    expect(toMetaCreateBody({ ...draft, headerFormat: 'NONE' }).components[0].type).toBe('BODY');
  });
});

describe('fromMetaComponents', () => {
  it('round-trips the authoring fields', () => {
    const fields = fromMetaComponents(toMetaCreateBody(draft).components, 'POSITIONAL');
    expect(fields).toEqual({
      headerFormat: 'TEXT',
      headerText: 'Order {{1}}',
      headerExample: 'A-1043',
      body: 'Hi {{1}}, your order {{2}} is ready.',
      bodyExamples: ['Lucy', 'A-1043'],
      footer: 'Panadería La Espiga',
      buttons: [
        { type: 'QUICK_REPLY', text: 'On my way' },
        { type: 'URL', text: 'Track', url: 'https://shop.example.com/o/{{1}}', example: 'A-1043' },
        { type: 'PHONE_NUMBER', text: 'Call us', phoneNumber: '+34600000001' },
        { type: 'COPY_CODE', example: 'SAVE10' },
      ],
      parameterCount: 5,
    });
  });

  it('keeps named examples as a map and unknown buttons as Meta sent them', () => {
    const fields = fromMetaComponents(
      [
        { type: 'BODY', text: 'Hi {{first_name}}!', example: { body_text_named_params: [{ param_name: 'first_name', example: 'Lucy' }] } },
        { type: 'BUTTONS', buttons: [{ type: 'FLOW', text: 'Book', flow_id: '123' }] },
      ],
      'NAMED'
    );
    expect(fields.bodyExamples).toEqual({ first_name: 'Lucy' });
    expect(fields.headerFormat).toBe('NONE');
    expect(fields.buttons).toEqual([{ type: 'FLOW', text: 'Book', raw: { type: 'FLOW', text: 'Book', flow_id: '123' } }]);
  });

  it('counts one parameter per media header', () => {
    expect(parameterCount([{ type: 'HEADER', format: 'IMAGE' }, { type: 'BODY', text: 'Hi {{1}}.' }])).toBe(2);
  });
});

describe('renderTemplate', () => {
  const components = toMetaCreateBody(draft).components;

  it('fills header, body and buttons with given values', () => {
    const rendered = renderTemplate(components, { header: ['B-7'], body: { 1: 'Ana', 2: 'B-7' }, buttons: { 1: 'B-7', 3: 'WELCOME' } });
    expect(rendered).toEqual({
      header: { format: 'TEXT', text: 'Order B-7' },
      body: 'Hi Ana, your order B-7 is ready.',
      footer: 'Panadería La Espiga',
      buttons: [
        { type: 'QUICK_REPLY', text: 'On my way' },
        { type: 'URL', text: 'Track', url: 'https://shop.example.com/o/B-7' },
        { type: 'PHONE_NUMBER', text: 'Call us', phoneNumber: '+34600000001' },
        { type: 'COPY_CODE', text: 'Copy offer code', code: 'WELCOME' },
      ],
      missing: [],
    });
  });

  it('keeps unfilled variables visible and lists them as missing', () => {
    const rendered = renderTemplate(components, { body: ['Ana'] });
    expect(rendered.body).toBe('Hi Ana, your order {{2}} is ready.');
    expect(rendered.missing).toEqual(['header.{{1}}', 'body.{{2}}', 'buttons.1', 'buttons.3']);
  });

  it('renders with the stored examples by default', () => {
    const rendered = renderTemplate(components, exampleValues(components));
    expect(rendered.body).toBe('Hi Lucy, your order A-1043 is ready.');
    expect(rendered.header?.text).toBe('Order A-1043');
    expect(rendered.buttons[1].url).toBe('https://shop.example.com/o/A-1043');
    expect(rendered.missing).toEqual([]);
  });

  it('leaves markup-looking values as text', () => {
    expect(renderTemplate(components, { body: ['<b>Ana</b>', 'x'] }).body).toBe('Hi <b>Ana</b>, your order x is ready.');
  });
});

describe('whatsappMarkup', () => {
  it('splits WhatsApp formatting into styled segments', () => {
    expect(whatsappMarkup('Hi *Ana*, _really_ ~old~ ```code *x*``` done')).toEqual([
      { text: 'Hi ' },
      { text: 'Ana', bold: true },
      { text: ', ' },
      { text: 'really', italic: true },
      { text: ' ' },
      { text: 'old', strike: true },
      { text: ' ' },
      { text: 'code *x*', mono: true },
      { text: ' done' },
    ]);
  });

  it('leaves unpaired or multi-line markers as text', () => {
    expect(whatsappMarkup('2 * 3 = 6')).toEqual([{ text: '2 * 3 = 6' }]);
    expect(whatsappMarkup('*a\nb*')).toEqual([{ text: '*a\nb*' }]);
  });
});

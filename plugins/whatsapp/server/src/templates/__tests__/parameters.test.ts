import { templateContentSchema } from '../../../../shared/contracts/messages';
import { buildTemplateComponents, type TemplateDefinition } from '../parameters';

const positional: TemplateDefinition = {
  name: 'po_notification',
  language: 'en_US',
  components: [
    { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}' },
    { type: 'BODY', text: 'Hello {{1}}, order {{2}} for {{3}} ({{1}}).' },
    { type: 'BUTTONS', buttons: [{ type: 'URL', url: 'https://x.example/po/{{1}}' }, { type: 'QUICK_REPLY', text: 'Thanks' }] },
  ],
};

const named: TemplateDefinition = {
  name: 'order_ready',
  language: 'es_ES',
  parameterFormat: 'NAMED',
  components: [{ type: 'BODY', text: 'Hola {{first_name}}, pedido {{order_id}}.' }],
};

const build = (definition: TemplateDefinition, input: Record<string, unknown>) =>
  buildTemplateComponents(definition, templateContentSchema.parse({ name: definition.name, language: definition.language, ...input }));

describe('template parameters', () => {
  it('builds header, body and button components for a positional template', () => {
    const { result, problems } = build(positional, {
      header: 'PO-7',
      body: ['Ana', 'PO-7', { type: 'currency', currency: { fallbackValue: '€12.50', code: 'EUR', amount1000: 12500 } }],
      buttons: [{ index: 0, parameter: 'PO-7' }, { index: 1, parameter: 'ack-PO-7' }],
    });
    expect(problems).toEqual([]);
    expect(result!.components).toEqual([
      { type: 'header', parameters: [{ type: 'text', text: 'PO-7' }] },
      {
        type: 'body',
        parameters: [
          { type: 'text', text: 'Ana' },
          { type: 'text', text: 'PO-7' },
          { type: 'currency', currency: { fallback_value: '€12.50', code: 'EUR', amount_1000: 12500 } },
        ],
      },
      { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'PO-7' }] },
      { type: 'button', sub_type: 'quick_reply', index: '1', parameters: [{ type: 'payload', payload: 'ack-PO-7' }] },
    ]);
    expect(result!.renderedBody).toBe('Hello Ana, order PO-7 for €12.50 (Ana).');
  });

  it('counts a repeated variable once, as Meta does', () => {
    const { problems } = build(positional, { header: 'x', body: ['Ana', 'PO-7', '3', 'extra'], buttons: [{ index: 0, parameter: 'p' }] });
    expect(problems).toEqual([{ path: ['template', 'body'], message: 'the body has 3 variable(s), 4 given' }]);
  });

  it('reports every problem at once: missing header, too few body values, missing URL suffix', () => {
    const { result, problems } = build(positional, { body: ['Ana'] });
    expect(result).toBeUndefined();
    expect(problems.map((p) => p.path.join('.'))).toEqual(['template.header', 'template.body', 'template.buttons']);
    expect(problems[2].message).toMatch(/button 0 \(url\) needs a parameter: the URL suffix/);
  });

  it('refuses a parameter for a button that takes none and an unknown button index', () => {
    const noVars: TemplateDefinition = { ...positional, components: [{ type: 'BODY', text: 'Hi' }, { type: 'BUTTONS', buttons: [{ type: 'PHONE_NUMBER', text: 'Call' }] }] };
    const { problems } = build(noVars, { buttons: [{ index: 0, parameter: 'x' }, { index: 3, parameter: 'y' }] });
    expect(problems.map((p) => p.message)).toEqual([
      'button 0 (phone_number) takes no parameter',
      'the template has no button at index 3 (it has 1)',
    ]);
  });

  it('labels named parameters and checks their names', () => {
    const ok = build(named, { body: { first_name: 'Ana', order_id: 'A-1' } });
    expect(ok.result!.components).toEqual([
      {
        type: 'body',
        parameters: [
          { type: 'text', text: 'Ana', parameter_name: 'first_name' },
          { type: 'text', text: 'A-1', parameter_name: 'order_id' },
        ],
      },
    ]);
    const wrong = build(named, { body: { first_name: 'Ana', order: 'A-1' } });
    expect(wrong.problems.map((p) => p.message)).toEqual([
      'unknown body variable(s): order (the template has first_name, order_id)',
      'missing body variable(s): order_id',
    ]);
    const positionalForNamed = build(named, { body: ['Ana', 'A-1'] });
    expect(positionalForNamed.problems[0].message).toMatch(/uses named variables/);
  });

  it('refuses named input for a positional template', () => {
    const { problems } = build(positional, { header: 'x', body: { name: 'Ana' }, buttons: [{ index: 0, parameter: 'p' }] });
    expect(problems[0].message).toMatch(/positional variables/);
  });

  it('checks media headers by type and builds them', () => {
    const image: TemplateDefinition = { name: 'sale', language: 'en_US', components: [{ type: 'HEADER', format: 'IMAGE' }, { type: 'BODY', text: 'Sale' }] };
    expect(build(image, {}).problems[0].message).toMatch(/has a image header/);
    expect(build(image, { header: { type: 'video', video: { link: 'https://x.example/v.mp4' } } }).problems[0].message).toMatch(/header is image, not video/);
    const { result } = build(image, { header: { type: 'image', image: { link: 'https://x.example/a.png' } } });
    expect(result!.components).toEqual([{ type: 'header', parameters: [{ type: 'image', image: { link: 'https://x.example/a.png' } }] }]);
    const fromFile = build(image, { header: { type: 'image', image: { file: 12 } } });
    expect(fromFile.result!.headerMedia).toEqual({ type: 'image', source: { file: 12 } });
  });

  it('refuses text Meta would refuse: new lines, tabs, more than four spaces', () => {
    const { problems } = build(named, { body: { first_name: 'Ana\nMaria', order_id: 'A     1' } });
    expect(problems).toHaveLength(2);
    expect(problems[0].message).toMatch(/new lines/);
  });

  it('copy-code and OTP buttons need their code', () => {
    const coupon: TemplateDefinition = { name: 'c', language: 'en', components: [{ type: 'BODY', text: 'Code' }, { type: 'BUTTONS', buttons: [{ type: 'COPY_CODE' }] }] };
    expect(build(coupon, {}).problems[0].message).toMatch(/copy_code\) needs a parameter: the code to copy/);
    expect(build(coupon, { buttons: [{ index: 0, parameter: 'SPRING' }] }).result!.components).toEqual([
      { type: 'button', sub_type: 'copy_code', index: '0', parameters: [{ type: 'coupon_code', coupon_code: 'SPRING' }] },
    ]);
    const otp: TemplateDefinition = { name: 'o', language: 'en', components: [{ type: 'BODY', text: '{{1}} is your code' }, { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE' }] }] };
    expect(build(otp, { body: ['123456'], buttons: [{ index: 0, parameter: '123456' }] }).result!.components[1]).toEqual({
      type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: '123456' }],
    });
  });

  it('reads the flat fields of a template authored in Strapi when it has no Meta components', () => {
    const authored: TemplateDefinition = { name: 'a', language: 'en', headerFormat: 'TEXT', headerText: 'Hi {{1}}', body: 'Total {{1}}', buttons: [] };
    const { result } = build(authored, { header: ['Ana'], body: ['9'] });
    expect(result!.components.map((c) => c.type)).toEqual(['header', 'body']);
  });

  it('refuses parameters for a template without variables', () => {
    const plain: TemplateDefinition = { name: 'hello_world', language: 'en_US', components: [{ type: 'BODY', text: 'Hello world' }] };
    expect(build(plain, {}).result!.components).toEqual([]);
    expect(build(plain, { body: ['x'] }).problems[0].message).toMatch(/has no variables/);
    expect(build(plain, { header: 'x' }).problems[0].message).toBe('this template has no header');
  });
});

import { LIMITS, MESSAGES, formatLintMessage, lintTemplate, type LintRule } from '../lint';
import type { TemplateDraft } from '../types';

/** A template Meta accepts; each case changes one thing to break (and then satisfy) one rule. */
const valid: TemplateDraft = {
  name: 'order_ready',
  language: 'en_US',
  category: 'UTILITY',
  parameterFormat: 'POSITIONAL',
  headerFormat: 'TEXT',
  headerText: 'Order {{1}} is ready',
  headerExample: 'A-1043',
  body: 'Hi {{1}}, your order {{2}} is ready for pickup at the shop.',
  bodyExamples: ['Lucy', 'A-1043'],
  footer: 'Reply STOP to opt out',
  buttons: [
    { type: 'QUICK_REPLY', text: 'On my way' },
    { type: 'URL', text: 'Track order', url: 'https://shop.example.com/orders/{{1}}', example: 'A-1043' },
    { type: 'PHONE_NUMBER', text: 'Call the shop', phoneNumber: '+34600000001' },
  ],
};

const named: TemplateDraft = {
  ...valid,
  parameterFormat: 'NAMED',
  headerText: 'Order {{order_id}} is ready',
  body: 'Hi {{first_name}}, your order {{order_id}} is ready for pickup at the shop.',
  bodyExamples: { first_name: 'Lucy', order_id: 'A-1043' },
};

const rulesOf = (draft: TemplateDraft) => lintTemplate(draft).findings.map((f) => `${f.rule}@${f.path}`);

interface Case {
  rule: LintRule;
  path: string;
  failing: TemplateDraft;
  passing: TemplateDraft;
}

const long = (n: number, char = 'a') => char.repeat(n);
const button = (index: number, patch: Record<string, unknown>) => {
  const buttons = (valid.buttons as any[]).map((b) => ({ ...b }));
  buttons[index] = { ...buttons[index], ...patch };
  return buttons;
};

const cases: Case[] = [
  { rule: 'name.required', path: 'name', failing: { ...valid, name: '  ' }, passing: valid },
  { rule: 'name.pattern', path: 'name', failing: { ...valid, name: 'Order-Ready' }, passing: { ...valid, name: 'order_ready_2' } },
  {
    rule: 'name.length',
    path: 'name',
    failing: { ...valid, name: long(LIMITS.nameLength + 1) },
    passing: { ...valid, name: long(LIMITS.nameLength) },
  },
  { rule: 'language.required', path: 'language', failing: { ...valid, language: '' }, passing: { ...valid, language: 'es' } },
  { rule: 'language.format', path: 'language', failing: { ...valid, language: 'english' }, passing: { ...valid, language: 'pt_BR' } },
  { rule: 'category.invalid', path: 'category', failing: { ...valid, category: 'PROMO' }, passing: { ...valid, category: 'MARKETING' } },
  {
    rule: 'category.authentication',
    path: 'category',
    failing: { ...valid, category: 'AUTHENTICATION' },
    passing: { ...valid, category: 'UTILITY' },
  },
  {
    rule: 'parameterFormat.invalid',
    path: 'parameterFormat',
    failing: { ...valid, parameterFormat: 'ORDERED' },
    passing: named,
  },
  { rule: 'headerFormat.invalid', path: 'headerFormat', failing: { ...valid, headerFormat: 'GIF' }, passing: { ...valid, headerFormat: 'LOCATION' } },
  { rule: 'header.text.required', path: 'headerText', failing: { ...valid, headerText: '' }, passing: valid },
  {
    rule: 'header.text.length',
    path: 'headerText',
    failing: { ...valid, headerText: long(LIMITS.headerText + 1) },
    passing: { ...valid, headerText: long(LIMITS.headerText) },
  },
  { rule: 'header.text.newline', path: 'headerText', failing: { ...valid, headerText: 'Order\n{{1}}' }, passing: valid },
  {
    rule: 'header.text.unused',
    path: 'headerText',
    failing: { ...valid, headerFormat: 'NONE' },
    passing: { ...valid, headerFormat: 'NONE', headerText: null },
  },
  {
    rule: 'header.variables.count',
    path: 'headerText',
    failing: { ...valid, headerText: 'Order {{1}} for {{2}}' },
    passing: valid,
  },
  { rule: 'header.example.required', path: 'headerExample', failing: { ...valid, headerExample: '' }, passing: valid },
  {
    rule: 'header.media.example.required',
    path: 'headerExample',
    failing: { ...valid, headerFormat: 'IMAGE', headerExample: null },
    passing: { ...valid, headerFormat: 'IMAGE', headerExample: '4::aW1hZ2UvcG5n:ARb' },
  },
  { rule: 'body.required', path: 'body', failing: { ...valid, body: '' }, passing: valid },
  {
    rule: 'body.length',
    path: 'body',
    failing: { ...valid, body: long(LIMITS.body + 1), bodyExamples: [] },
    passing: { ...valid, body: long(LIMITS.body), bodyExamples: [] },
  },
  {
    rule: 'variable.malformed',
    path: 'body',
    failing: { ...valid, body: 'Hi {{1}, your order {{2}} is ready for pickup.' },
    passing: valid,
  },
  {
    rule: 'variable.positional',
    path: 'body',
    failing: { ...valid, body: 'Hi {{name}}, your order {{2}} is ready for pickup.' },
    passing: valid,
  },
  {
    rule: 'variable.named',
    path: 'body',
    failing: { ...named, body: 'Hi {{First-Name}}, your order {{order_id}} is ready for pickup.' },
    passing: named,
  },
  {
    rule: 'variable.sequence',
    path: 'body',
    failing: { ...valid, body: 'Hi {{1}}, your order {{3}} is ready for pickup at the shop.', bodyExamples: ['Lucy', 'x', 'A-1043'] },
    passing: valid,
  },
  {
    rule: 'variable.leading',
    path: 'body',
    failing: { ...valid, body: '{{1}}, your order {{2}} is ready for pickup at the shop.' },
    passing: valid,
  },
  {
    rule: 'variable.trailing',
    path: 'body',
    failing: { ...valid, body: 'Hi {{1}}, your order is ready for pickup, number {{2}}' },
    passing: { ...valid, body: 'Hi {{1}}, your order is ready for pickup, number {{2}}.' },
  },
  {
    rule: 'variable.adjacent',
    path: 'body',
    failing: { ...valid, body: 'Hi {{1}} {{2}}, your order is ready for pickup at the shop.' },
    passing: valid,
  },
  {
    rule: 'variable.density',
    path: 'body',
    failing: { ...valid, body: 'Hi {{1}}, {{2}} ok.' },
    passing: valid,
  },
  { rule: 'bodyExamples.invalid', path: 'bodyExamples', failing: { ...valid, bodyExamples: 42 }, passing: valid },
  { rule: 'bodyExamples.missing', path: 'bodyExamples.1', failing: { ...valid, bodyExamples: ['Lucy'] }, passing: valid },
  {
    rule: 'bodyExamples.unused',
    path: 'bodyExamples.2',
    failing: { ...valid, bodyExamples: ['Lucy', 'A-1043', 'extra'] },
    passing: valid,
  },
  {
    rule: 'example.format',
    path: 'bodyExamples.0',
    failing: { ...valid, bodyExamples: ['Lucy\nSmith', 'A-1043'] },
    passing: { ...valid, bodyExamples: ['Lucy Smith', 'A-1043'] },
  },
  {
    rule: 'footer.length',
    path: 'footer',
    failing: { ...valid, footer: long(LIMITS.footer + 1) },
    passing: { ...valid, footer: long(LIMITS.footer) },
  },
  { rule: 'footer.variables', path: 'footer', failing: { ...valid, footer: 'Thanks {{1}}' }, passing: valid },
  { rule: 'buttons.invalid', path: 'buttons', failing: { ...valid, buttons: { type: 'QUICK_REPLY' } }, passing: valid },
  {
    rule: 'buttons.count',
    path: 'buttons',
    failing: { ...valid, buttons: Array.from({ length: 11 }, (_, i) => ({ type: 'QUICK_REPLY', text: `Option ${i}` })) },
    passing: { ...valid, buttons: Array.from({ length: 10 }, (_, i) => ({ type: 'QUICK_REPLY', text: `Option ${i}` })) },
  },
  { rule: 'buttons.type', path: 'buttons.0.type', failing: { ...valid, buttons: button(0, { type: 'FLOW' }) }, passing: valid },
  { rule: 'buttons.text.required', path: 'buttons.0.text', failing: { ...valid, buttons: button(0, { text: '' }) }, passing: valid },
  {
    rule: 'buttons.text.length',
    path: 'buttons.0.text',
    failing: { ...valid, buttons: button(0, { text: long(LIMITS.buttonText + 1) }) },
    passing: { ...valid, buttons: button(0, { text: long(LIMITS.buttonText) }) },
  },
  {
    rule: 'buttons.text.variables',
    path: 'buttons.0.text',
    failing: { ...valid, buttons: button(0, { text: 'Yes {{1}}' }) },
    passing: valid,
  },
  {
    rule: 'buttons.text.duplicate',
    path: 'buttons.1.text',
    failing: { ...valid, buttons: button(1, { text: 'ON MY WAY' }) },
    passing: valid,
  },
  {
    rule: 'buttons.url.count',
    path: 'buttons',
    failing: {
      ...valid,
      buttons: [1, 2, 3].map((i) => ({ type: 'URL', text: `Link ${i}`, url: `https://example.com/${i}` })),
    },
    passing: {
      ...valid,
      buttons: [1, 2].map((i) => ({ type: 'URL', text: `Link ${i}`, url: `https://example.com/${i}` })),
    },
  },
  {
    rule: 'buttons.url.invalid',
    path: 'buttons.1.url',
    failing: { ...valid, buttons: button(1, { url: 'shop.example.com/orders' }) },
    passing: valid,
  },
  {
    rule: 'buttons.url.variable',
    path: 'buttons.1.url',
    failing: { ...valid, buttons: button(1, { url: 'https://shop.example.com/{{1}}/track' }) },
    passing: valid,
  },
  {
    rule: 'buttons.url.example.required',
    path: 'buttons.1.example',
    failing: { ...valid, buttons: button(1, { example: undefined }) },
    passing: valid,
  },
  {
    rule: 'buttons.phone.count',
    path: 'buttons',
    failing: {
      ...valid,
      buttons: [
        { type: 'PHONE_NUMBER', text: 'Shop', phoneNumber: '+34600000001' },
        { type: 'PHONE_NUMBER', text: 'Office', phoneNumber: '+34600000002' },
      ],
    },
    passing: { ...valid, buttons: [{ type: 'PHONE_NUMBER', text: 'Shop', phoneNumber: '+34600000001' }] },
  },
  {
    rule: 'buttons.phone.invalid',
    path: 'buttons.2.phoneNumber',
    failing: { ...valid, buttons: button(2, { phoneNumber: '600 000 001' }) },
    passing: { ...valid, buttons: button(2, { phoneNumber: '+34 600 000 001' }) },
  },
  {
    rule: 'buttons.copyCode.count',
    path: 'buttons',
    failing: {
      ...valid,
      category: 'MARKETING',
      buttons: [
        { type: 'COPY_CODE', example: 'SAVE10' },
        { type: 'COPY_CODE', example: 'SAVE20' },
      ],
    },
    passing: { ...valid, category: 'MARKETING', buttons: [{ type: 'COPY_CODE', example: 'SAVE10' }] },
  },
  {
    rule: 'buttons.copyCode.example',
    path: 'buttons.0.example',
    failing: { ...valid, category: 'MARKETING', buttons: [{ type: 'COPY_CODE', example: long(LIMITS.copyCodeExample + 1, 'X') }] },
    passing: { ...valid, category: 'MARKETING', buttons: [{ type: 'COPY_CODE', example: long(LIMITS.copyCodeExample, 'X') }] },
  },
  {
    rule: 'buttons.grouping',
    path: 'buttons',
    failing: {
      ...valid,
      buttons: [
        { type: 'QUICK_REPLY', text: 'Yes' },
        { type: 'URL', text: 'Details', url: 'https://example.com' },
        { type: 'QUICK_REPLY', text: 'No' },
      ],
    },
    passing: {
      ...valid,
      buttons: [
        { type: 'QUICK_REPLY', text: 'Yes' },
        { type: 'QUICK_REPLY', text: 'No' },
        { type: 'URL', text: 'Details', url: 'https://example.com' },
      ],
    },
  },
];

describe('lintTemplate', () => {
  it('accepts a valid positional and a valid named template without findings', () => {
    expect(lintTemplate(valid)).toMatchObject({ ok: true, findings: [] });
    expect(lintTemplate(named)).toMatchObject({ ok: true, findings: [] });
  });

  it('has a failing and a passing case for every rule', () => {
    const covered = new Set(cases.map((c) => c.rule));
    expect(Object.keys(MESSAGES).filter((rule) => !covered.has(rule as LintRule))).toEqual([]);
  });

  describe.each(cases)('$rule', ({ rule, path, failing, passing }) => {
    it(`reports it at ${path}`, () => {
      expect(rulesOf(failing)).toContain(`${rule}@${path}`);
    });
    it('stays silent when the rule is met', () => {
      expect(rulesOf(passing).filter((finding) => finding.startsWith(`${rule}@`))).toEqual([]);
    });
  });

  it('marks warnings as not blocking and errors as blocking', () => {
    const warned = lintTemplate({ ...valid, bodyExamples: ['Lucy', 'A-1043', 'extra'] });
    expect(warned.ok).toBe(true);
    expect(warned.warnings.map((f) => f.rule)).toEqual(['bodyExamples.unused']);
    const broken = lintTemplate({ ...valid, footer: 'Thanks {{1}}' });
    expect(broken.ok).toBe(false);
    expect(broken.errors.map((f) => f.rule)).toEqual(['footer.variables']);
  });

  it('writes messages in plain words with the values filled in', () => {
    const [finding] = lintTemplate({ ...valid, body: 'Hi {{1}} {{2}}, your order is ready for pickup at the shop.' }).findings;
    expect(finding.message).toBe('Two variables may not sit side by side ({{1}} and {{2}}): put words between them.');
    expect(finding.params).toEqual({ first: '1', second: '2' });
    expect(formatLintMessage(MESSAGES['body.length'], { length: 1100, max: 1024 })).toBe(
      'The body is 1100 characters long; the limit is 1024.'
    );
  });

  it('reads named examples given in Meta’s [{param_name, example}] shape', () => {
    const draft = {
      ...named,
      bodyExamples: [
        { param_name: 'first_name', example: 'Lucy' },
        { param_name: 'order_id', example: 'A-1043' },
      ],
    };
    expect(lintTemplate(draft).findings).toEqual([]);
  });

  it('points a missing named example at its key', () => {
    expect(rulesOf({ ...named, bodyExamples: { first_name: 'Lucy' } })).toContain('bodyExamples.missing@bodyExamples.order_id');
  });

  it('reads buttons and examples that arrive as JSON strings', () => {
    expect(lintTemplate({ ...valid, buttons: JSON.stringify(valid.buttons), bodyExamples: '["Lucy","A-1043"]' }).ok).toBe(true);
  });

  it('counts characters, not UTF-16 units, so emoji are one character each', () => {
    expect(rulesOf({ ...valid, footer: '🙂'.repeat(LIMITS.footer) })).not.toContain('footer.length@footer');
  });
});

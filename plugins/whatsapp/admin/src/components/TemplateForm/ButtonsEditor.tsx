import { Box, Button, Field, Flex, IconButton, TextInput, Typography } from '@strapi/design-system';
import { ArrowDown, ArrowUp, Plus, Trash } from '@strapi/icons';
import type { TemplateButtonInput } from '../../../../shared/contracts/templates';
import { LIMITS } from '../../../../shared/templates';
import { useT } from '../../hooks/use-t';
import { BUTTON_LIMITS, canAdd, newButton, type ButtonType } from './model';

const TYPES: ButtonType[] = ['QUICK_REPLY', 'URL', 'PHONE_NUMBER', 'COPY_CODE'];
const DEFAULT_TYPE_LABELS: Record<ButtonType, string> = {
  QUICK_REPLY: 'Quick reply',
  URL: 'Website (URL)',
  PHONE_NUMBER: 'Call phone number',
  COPY_CODE: 'Copy code',
};
const chars = (value: string) => [...value].length;

/**
 * The button builder: add quick replies, URL buttons (with an optional dynamic suffix `{{1}}` and
 * its example), a phone number and a copy code; Meta's per-type limits disable the add buttons
 * and are written next to them.
 */
export function ButtonsEditor({
  buttons,
  onChange,
  errorAt,
}: {
  buttons: TemplateButtonInput[];
  onChange: (buttons: TemplateButtonInput[]) => void;
  errorAt: (path: string) => string | undefined;
}) {
  const t = useT();
  const typeLabel = (type: ButtonType) => t(`templates.form.button.${type}`, DEFAULT_TYPE_LABELS[type]);
  const update = (index: number, patch: Partial<TemplateButtonInput>) =>
    onChange(buttons.map((button, i) => (i === index ? ({ ...button, ...patch } as TemplateButtonInput) : button)));
  const move = (index: number, by: number) => {
    const next = [...buttons];
    const [item] = next.splice(index, 1);
    next.splice(index + by, 0, item);
    onChange(next);
  };
  const labelHint = (text: string) => t('templates.form.counter', '{count} / {max} characters', { count: chars(text), max: LIMITS.buttonText });

  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Typography variant="pi" textColor="neutral600">
        {t(
          'templates.form.buttonLimits',
          'Up to {max} buttons: at most {url} URL buttons, {phone} phone number and {copy} copy code. Labels up to {label} characters.',
          { max: LIMITS.buttons, url: LIMITS.urlButtons, phone: LIMITS.phoneButtons, copy: LIMITS.copyCodeButtons, label: LIMITS.buttonText }
        )}
      </Typography>
      {errorAt('buttons') && (
        <Typography textColor="danger600" role="alert">
          {errorAt('buttons')}
        </Typography>
      )}
      {buttons.map((button, index) => {
        const path = `buttons.${index}`;
        const hasSuffix = button.type === 'URL' && button.url.endsWith('{{1}}');
        return (
          <Box key={index} padding={4} hasRadius borderColor="neutral200" borderStyle="solid" borderWidth="1px" data-testid="template-button" data-type={button.type}>
            <Flex justifyContent="space-between" paddingBottom={3}>
              <Typography variant="sigma">{t('templates.form.buttonTitle', 'Button {number}: {type}', { number: index + 1, type: typeLabel(button.type) })}</Typography>
              <Flex gap={1}>
                <IconButton label={t('templates.form.buttonUp', 'Move up')} variant="ghost" disabled={index === 0} onClick={() => move(index, -1)}>
                  <ArrowUp />
                </IconButton>
                <IconButton label={t('templates.form.buttonDown', 'Move down')} variant="ghost" disabled={index === buttons.length - 1} onClick={() => move(index, 1)}>
                  <ArrowDown />
                </IconButton>
                <IconButton
                  label={t('templates.form.buttonRemove', 'Remove button {number}', { number: index + 1 })}
                  variant="ghost"
                  onClick={() => onChange(buttons.filter((_, i) => i !== index))}
                >
                  <Trash />
                </IconButton>
              </Flex>
            </Flex>
            <Flex direction="column" alignItems="stretch" gap={3}>
              {button.type !== 'COPY_CODE' && (
                <Field.Root name={`${path}.text`} error={errorAt(`${path}.text`)} hint={labelHint(button.text)}>
                  <Field.Label>{t('templates.form.buttonText', 'Label of button {number}', { number: index + 1 })}</Field.Label>
                  <TextInput value={button.text} onChange={(e: React.ChangeEvent<HTMLInputElement>) => update(index, { text: e.target.value })} />
                  <Field.Error />
                  <Field.Hint />
                </Field.Root>
              )}
              {button.type === 'URL' && (
                <>
                  <Field.Root
                    name={`${path}.url`}
                    error={errorAt(`${path}.url`)}
                    hint={t('templates.form.urlHint', 'https://…; a dynamic suffix {variable} may only come at the very end.', { variable: '{{1}}' })}
                  >
                    <Field.Label>{t('templates.form.buttonUrl', 'URL of button {number}', { number: index + 1 })}</Field.Label>
                    <TextInput value={button.url} onChange={(e: React.ChangeEvent<HTMLInputElement>) => update(index, { url: e.target.value })} />
                    <Field.Error />
                    <Field.Hint />
                  </Field.Root>
                  {!hasSuffix ? (
                    <Box>
                      <Button variant="tertiary" size="S" startIcon={<Plus />} onClick={() => update(index, { url: `${button.url.replace(/\/?$/, '/')}{{1}}` })}>
                        {t('templates.form.addSuffix', 'Add a dynamic suffix')}
                      </Button>
                    </Box>
                  ) : (
                    <Field.Root
                      name={`${path}.example`}
                      error={errorAt(`${path}.example`)}
                      hint={t('templates.form.suffixHint', 'What replaces {variable} in the example Meta reviews, like A-1043.', { variable: '{{1}}' })}
                    >
                      <Field.Label>{t('templates.form.suffixExample', 'Example suffix of button {number}', { number: index + 1 })}</Field.Label>
                      <TextInput value={button.example ?? ''} onChange={(e: React.ChangeEvent<HTMLInputElement>) => update(index, { example: e.target.value })} />
                      <Field.Error />
                      <Field.Hint />
                    </Field.Root>
                  )}
                </>
              )}
              {button.type === 'PHONE_NUMBER' && (
                <Field.Root name={`${path}.phoneNumber`} error={errorAt(`${path}.phoneNumber`)} hint={t('templates.form.phoneHint', 'International form, like +34600000001.')}>
                  <Field.Label>{t('templates.form.buttonPhone', 'Phone number of button {number}', { number: index + 1 })}</Field.Label>
                  <TextInput value={button.phoneNumber} onChange={(e: React.ChangeEvent<HTMLInputElement>) => update(index, { phoneNumber: e.target.value })} />
                  <Field.Error />
                  <Field.Hint />
                </Field.Root>
              )}
              {button.type === 'COPY_CODE' && (
                <Field.Root
                  name={`${path}.example`}
                  error={errorAt(`${path}.example`)}
                  hint={t('templates.form.copyCodeHint', 'A sample code of up to {max} characters; WhatsApp labels the button itself.', { max: LIMITS.copyCodeExample })}
                >
                  <Field.Label>{t('templates.form.copyCodeExample', 'Sample code of button {number}', { number: index + 1 })}</Field.Label>
                  <TextInput value={button.example} onChange={(e: React.ChangeEvent<HTMLInputElement>) => update(index, { example: e.target.value })} />
                  <Field.Error />
                  <Field.Hint />
                </Field.Root>
              )}
            </Flex>
          </Box>
        );
      })}
      <Flex gap={2} wrap="wrap">
        {TYPES.map((type) => (
          <Button
            key={type}
            variant="secondary"
            size="S"
            startIcon={<Plus />}
            disabled={!canAdd(buttons, type)}
            onClick={() => onChange([...buttons, newButton(type)])}
            title={t('templates.form.addButtonLimit', 'At most {count} of this type', { count: BUTTON_LIMITS[type] })}
          >
            {t('templates.form.addButton', 'Add {type}', { type: typeLabel(type) })}
          </Button>
        ))}
      </Flex>
    </Flex>
  );
}

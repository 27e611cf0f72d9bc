import { Box, Button, Field, Flex, Grid, SingleSelect, SingleSelectOption, TextInput, Textarea, Typography } from '@strapi/design-system';
import { Plus } from '@strapi/icons';
import { useMemo, useRef, useState, type ComponentType, type ReactNode } from 'react';
import { LIMITS, lintTemplate, toMetaComponents, variableNames, type LintFinding } from '../../../../shared/templates';
import { LintFindings, useLintMessage } from '../LintFindings';
import { TemplatePreview } from '../TemplatePreview';
import { useT } from '../../hooks/use-t';
import { ButtonsEditor } from './ButtonsEditor';
import { draftOf, insertAt, nextVariable, type FormState } from './model';

export * from './model';

/** A file picked in the media library (Strapi's dialog in the admin; a stand-in in tests). */
export interface PickedSample {
  id: number;
  name: string;
  mime: string;
  url: string;
}
export type SamplePicker = ComponentType<{ onClose: () => void; onPick: (file: PickedSample) => void }>;

export interface TemplateFormProps {
  value: FormState;
  onChange: (next: FormState) => void;
  /** A template at Meta keeps its name and language (Meta's edit rules); approved ones their category too. */
  lockIdentity?: boolean;
  lockCategory?: boolean;
  /** Strapi's media library dialog. */
  SamplePicker: SamplePicker;
  /** Uploads the picked file to Meta (POST /whatsapp/templates/header-sample) and answers its handle. */
  uploadSample: (file: PickedSample, format: 'IMAGE' | 'VIDEO' | 'DOCUMENT') => Promise<string>;
  /** Per-field messages from the server (a refused save, submit or edit), by lint path. */
  serverErrors?: Record<string, string>;
}

const CATEGORIES = ['UTILITY', 'MARKETING'] as const;
const HEADER_FORMATS = ['NONE', 'TEXT', 'IMAGE', 'VIDEO', 'DOCUMENT', 'LOCATION'] as const;
const chars = (value: string) => [...value].length;

/**
 * The template form: every part of a WhatsApp template as fields (no JSON), with Meta's limits
 * counted as the editor types, the lint findings of the shared rules next to each field and in a
 * list, and the WhatsApp preview of what is typed. The page around it loads and saves.
 */
export function TemplateForm({ value, onChange, lockIdentity, lockCategory, SamplePicker, uploadSample, serverErrors = {} }: TemplateFormProps) {
  const t = useT();
  const lintMessage = useLintMessage();
  const draft = useMemo(() => draftOf(value), [value]);
  const lint = useMemo(() => lintTemplate(draft), [draft]);
  const components = useMemo(() => toMetaComponents(draft), [draft]);
  const named = value.parameterFormat === 'NAMED';
  const bodyNames = variableNames(value.body);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const [variableName, setVariableName] = useState('');
  const [picking, setPicking] = useState(false);
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<string | null>(null);

  const set = (patch: Partial<FormState>) => onChange({ ...value, ...patch });
  /** The first error for a field path (lint while typing, or the server's answer). */
  const errorAt = (path: string): string | undefined => {
    const finding = lint.findings.find((f: LintFinding) => f.path === path && f.severity === 'error');
    return finding ? lintMessage(finding) : serverErrors[path];
  };
  const counter = (text: string, max: number) => t('templates.form.counter', '{count} / {max} characters', { count: chars(text), max });
  const examplePath = (name: string) => (named ? `bodyExamples.${name}` : `bodyExamples.${Number(name) - 1}`);

  const addBodyVariable = () => {
    const token = nextVariable(value.body, named, variableName);
    const caret = bodyRef.current?.selectionStart ?? value.body.length;
    const { text } = insertAt(value.body, token, caret);
    set({ body: text });
    setVariableName('');
  };

  const isMedia = value.headerFormat === 'IMAGE' || value.headerFormat === 'VIDEO' || value.headerFormat === 'DOCUMENT';
  const onPicked = async (file: PickedSample) => {
    if (!isMedia) return;
    setUploading(true);
    setUploadError(null);
    try {
      const handle = await uploadSample(file, value.headerFormat as 'IMAGE' | 'VIDEO' | 'DOCUMENT');
      onChange({ ...value, headerExample: handle, headerSample: { name: file.name, url: file.url, mime: file.mime } });
    } catch (error) {
      setUploadError((error as Error).message);
    } finally {
      setUploading(false);
    }
  };

  const section = (title: string, children: ReactNode, id: string) => (
    <Box background="neutral0" padding={5} hasRadius shadow="tableShadow" tag="section" aria-labelledby={id}>
      <Typography variant="delta" tag="h2" id={id}>
        {title}
      </Typography>
      <Flex direction="column" alignItems="stretch" gap={4} paddingTop={4}>
        {children}
      </Flex>
    </Box>
  );

  return (
    <Grid.Root gap={6}>
      <Grid.Item col={7} s={12} direction="column" alignItems="stretch">
        <Flex direction="column" alignItems="stretch" gap={6}>
          {section(
            t('templates.form.basics', 'Template'),
            <Grid.Root gap={4}>
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                <Field.Root
                  name="name"
                  error={errorAt('name')}
                  hint={lockIdentity ? t('templates.form.nameLocked', 'Meta does not allow changing the name of a submitted template.') : t('templates.form.nameHint', 'Lowercase letters, digits and underscores, like order_ready.')}
                  required
                >
                  <Field.Label>{t('templates.form.name', 'Name')}</Field.Label>
                  <TextInput value={value.name} disabled={lockIdentity} onChange={(e: React.ChangeEvent<HTMLInputElement>) => set({ name: e.target.value })} />
                  <Field.Error />
                  <Field.Hint />
                </Field.Root>
              </Grid.Item>
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                <Field.Root name="language" error={errorAt('language')} hint={t('templates.form.languageHint', 'A WhatsApp language code: en, es, en_US, pt_BR…')} required>
                  <Field.Label>{t('templates.form.language', 'Language')}</Field.Label>
                  <TextInput value={value.language} disabled={lockIdentity} onChange={(e: React.ChangeEvent<HTMLInputElement>) => set({ language: e.target.value })} />
                  <Field.Error />
                  <Field.Hint />
                </Field.Root>
              </Grid.Item>
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                <Field.Root
                  name="category"
                  error={errorAt('category')}
                  hint={lockCategory ? t('templates.form.categoryLocked', 'Meta does not allow changing the category of an approved template.') : undefined}
                >
                  <Field.Label>{t('templates.form.category', 'Category')}</Field.Label>
                  <SingleSelect value={value.category} disabled={lockCategory} onChange={(v: string | number) => set({ category: String(v) as FormState['category'] })}>
                    {CATEGORIES.map((category) => (
                      <SingleSelectOption key={category} value={category}>
                        {t(`templates.form.category.${category}`, category)}
                      </SingleSelectOption>
                    ))}
                  </SingleSelect>
                  <Field.Error />
                  <Field.Hint />
                </Field.Root>
              </Grid.Item>
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                <Field.Root name="parameterFormat" error={errorAt('parameterFormat')}>
                  <Field.Label>{t('templates.form.parameterFormat', 'Variables')}</Field.Label>
                  <SingleSelect
                    value={value.parameterFormat}
                    disabled={lockIdentity}
                    onChange={(v: string | number) => set({ parameterFormat: String(v) as FormState['parameterFormat'] })}
                  >
                    <SingleSelectOption value="POSITIONAL">{t('templates.form.parameterFormat.POSITIONAL', 'Numbered: {example}', { example: '{{1}}, {{2}}' })}</SingleSelectOption>
                    <SingleSelectOption value="NAMED">{t('templates.form.parameterFormat.NAMED', 'Named: {example}', { example: '{{first_name}}' })}</SingleSelectOption>
                  </SingleSelect>
                  <Field.Error />
                </Field.Root>
              </Grid.Item>
            </Grid.Root>,
            'template-form-basics'
          )}

          {section(
            t('templates.form.header', 'Header'),
            <>
              <Field.Root name="headerFormat" error={errorAt('headerFormat')}>
                <Field.Label>{t('templates.form.headerFormat', 'Header type')}</Field.Label>
                <SingleSelect
                  value={value.headerFormat}
                  onChange={(v: string | number) => {
                    const format = String(v) as FormState['headerFormat'];
                    // A handle is of one media type; a text example belongs to the text.
                    onChange({ ...value, headerFormat: format, headerExample: '', headerSample: null });
                    setUploadError(null);
                  }}
                >
                  {HEADER_FORMATS.map((format) => (
                    <SingleSelectOption key={format} value={format}>
                      {t(`templates.form.headerFormat.${format}`, format)}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
                <Field.Error />
              </Field.Root>
              {value.headerFormat === 'TEXT' && (
                <>
                  <Field.Root name="headerText" error={errorAt('headerText')} hint={counter(value.headerText, LIMITS.headerText)}>
                    <Field.Label>{t('templates.form.headerText', 'Header text')}</Field.Label>
                    <TextInput value={value.headerText} onChange={(e: React.ChangeEvent<HTMLInputElement>) => set({ headerText: e.target.value })} />
                    <Field.Error />
                    <Field.Hint />
                  </Field.Root>
                  {variableNames(value.headerText).length === 0 ? (
                    <Box>
                      <Button
                        variant="tertiary"
                        size="S"
                        startIcon={<Plus />}
                        onClick={() => set({ headerText: insertAt(value.headerText, nextVariable('', named, named ? 'header' : undefined)).text })}
                      >
                        {t('templates.form.addHeaderVariable', 'Add a variable to the header')}
                      </Button>
                    </Box>
                  ) : (
                    <Field.Root name="headerExample" error={errorAt('headerExample')} hint={t('templates.form.exampleHint', 'Meta reviews the template with this example.')}>
                      <Field.Label>
                        {t('templates.form.headerExample', 'Example for {variable}', { variable: `{{${variableNames(value.headerText)[0]}}}` })}
                      </Field.Label>
                      <TextInput value={value.headerExample} onChange={(e: React.ChangeEvent<HTMLInputElement>) => set({ headerExample: e.target.value })} />
                      <Field.Error />
                      <Field.Hint />
                    </Field.Root>
                  )}
                </>
              )}
              {isMedia && (
                <Flex direction="column" alignItems="stretch" gap={2} data-testid="template-header-sample">
                  <Typography variant="pi" textColor="neutral600">
                    {t('templates.form.sampleHint', 'Meta reviews a media header with a sample file: pick one from the media library ({types}). It is uploaded to WhatsApp.', {
                      types: t(`templates.form.sampleTypes.${value.headerFormat}`, value.headerFormat),
                    })}
                  </Typography>
                  <Flex gap={3}>
                    <Button variant="secondary" onClick={() => setPicking(true)} loading={uploading}>
                      {value.headerExample
                        ? t('templates.form.sampleChange', 'Choose another sample')
                        : t('templates.form.samplePick', 'Choose a sample from the media library')}
                    </Button>
                    {value.headerExample && (
                      <Typography textColor="success600" data-testid="template-sample-ready">
                        {value.headerSample
                          ? t('templates.form.sampleUploaded', 'Sample {name} uploaded to WhatsApp.', { name: value.headerSample.name })
                          : t('templates.form.sampleStored', 'A sample is uploaded to WhatsApp.')}
                      </Typography>
                    )}
                  </Flex>
                  {(uploadError || errorAt('headerExample')) && (
                    <Typography textColor="danger600" role="alert">
                      {uploadError ?? errorAt('headerExample')}
                    </Typography>
                  )}
                  {picking && <SamplePicker onClose={() => setPicking(false)} onPick={(file) => void onPicked(file)} />}
                </Flex>
              )}
              {value.headerFormat === 'LOCATION' && (
                <Typography variant="pi" textColor="neutral600">
                  {t('templates.form.locationHint', 'The location is chosen when the message is sent.')}
                </Typography>
              )}
            </>,
            'template-form-header'
          )}

          {section(
            t('templates.form.bodySection', 'Body'),
            <>
              <Field.Root name="body" error={errorAt('body')} hint={counter(value.body, LIMITS.body)} required>
                <Field.Label>{t('templates.form.body', 'Message')}</Field.Label>
                <Textarea ref={bodyRef} value={value.body} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => set({ body: e.target.value })} />
                <Field.Error />
                <Field.Hint />
              </Field.Root>
              <Flex gap={2} alignItems="flex-end">
                {named && (
                  <Field.Root name="variableName">
                    <Field.Label>{t('templates.form.variableName', 'Variable name')}</Field.Label>
                    <TextInput
                      placeholder="first_name"
                      value={variableName}
                      onChange={(e: React.ChangeEvent<HTMLInputElement>) => setVariableName(e.target.value)}
                    />
                  </Field.Root>
                )}
                <Button variant="secondary" startIcon={<Plus />} onClick={addBodyVariable}>
                  {t('templates.form.addVariable', 'Add variable')}
                </Button>
              </Flex>
              {bodyNames.length > 0 && (
                <Flex direction="column" alignItems="stretch" gap={3} data-testid="template-body-examples">
                  <Typography variant="sigma">{t('templates.form.examples', 'Examples (Meta reviews the template with them)')}</Typography>
                  {bodyNames.map((name) => (
                    <Field.Root key={name} name={examplePath(name)} error={errorAt(examplePath(name))}>
                      <Field.Label>{t('templates.form.exampleFor', 'Example for {variable}', { variable: `{{${name}}}` })}</Field.Label>
                      <TextInput
                        value={value.examples[name] ?? ''}
                        onChange={(e: React.ChangeEvent<HTMLInputElement>) => set({ examples: { ...value.examples, [name]: e.target.value } })}
                      />
                      <Field.Error />
                    </Field.Root>
                  ))}
                </Flex>
              )}
              <Field.Root name="footer" error={errorAt('footer')} hint={counter(value.footer, LIMITS.footer)}>
                <Field.Label>{t('templates.form.footer', 'Footer (optional)')}</Field.Label>
                <TextInput value={value.footer} onChange={(e: React.ChangeEvent<HTMLInputElement>) => set({ footer: e.target.value })} />
                <Field.Error />
                <Field.Hint />
              </Field.Root>
            </>,
            'template-form-body'
          )}

          {section(
            t('templates.form.buttons', 'Buttons'),
            <ButtonsEditor buttons={value.buttons} onChange={(buttons) => set({ buttons })} errorAt={errorAt} />,
            'template-form-buttons'
          )}
        </Flex>
      </Grid.Item>
      <Grid.Item col={5} s={12} direction="column" alignItems="stretch">
        {/* The preview and the rules stay in view while the editor scrolls through the form. */}
        <Flex direction="column" alignItems="stretch" gap={6} style={{ position: 'sticky', top: '8rem' }}>
          <Box background="neutral0" padding={5} hasRadius shadow="tableShadow">
            <Typography variant="delta" tag="h2">
              {t('templates.panel.preview', 'Preview (with the examples)')}
            </Typography>
            <Box paddingTop={3}>
              <TemplatePreview components={components} />
            </Box>
          </Box>
          <Box background="neutral0" padding={5} hasRadius shadow="tableShadow">
            <Typography variant="delta" tag="h2">
              {t('templates.panel.lint', 'WhatsApp rules')}
            </Typography>
            <Box paddingTop={3}>
              <LintFindings findings={lint.findings} />
            </Box>
          </Box>
        </Flex>
      </Grid.Item>
    </Grid.Root>
  );
}

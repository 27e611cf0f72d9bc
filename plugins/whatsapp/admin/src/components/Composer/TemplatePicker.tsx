import { Box, Button, Field, Flex, SingleSelect, SingleSelectOption, TextInput, Typography } from '@strapi/design-system';
import { Paperclip } from '@strapi/icons';
import { useMemo, useState } from 'react';
import type { CustomerSummary } from '../../../../shared/contracts/conversations';
import type { TemplateContent } from '../../../../shared/contracts/messages';
import type { TemplateSummary } from '../../../../shared/contracts/templates';
import { renderTemplate, variableNames, type TemplateValues } from '../../../../shared/templates';
import { useApprovedTemplates } from '../../api/templates';
import { useT } from '../../hooks/use-t';
import { TemplatePreview } from '../TemplatePreview';
import { MediaPicker, type PickedFile } from './MediaPicker';

/**
 * Choosing an approved template and filling its variables: header text or media, body, and the
 * variable part of URL / copy-code buttons, with the template's own preview updating as you type.
 * Templates in the customer's language come first. Send stays disabled until every variable has
 * a value (the server validates again).
 */

/** The `template` of a template message (the shared send contract). */
export type TemplateSendContent = TemplateContent;

const find = (components: unknown, type: string): any =>
  Array.isArray(components) ? components.find((c: any) => String(c?.type).toUpperCase() === type) : undefined;

const languageMatches = (templateLanguage: string, customerLanguage: string | null) =>
  Boolean(customerLanguage) && templateLanguage.toLowerCase().split(/[_-]/)[0] === customerLanguage!.toLowerCase().split(/[_-]/)[0];

/** Positional variables go as a list ({{1}}, {{2}}…), named ones as a map. */
function valuesFor(names: string[], values: Record<string, string>): string[] | Record<string, string> | undefined {
  if (names.length === 0) return undefined;
  if (names.every((n) => /^\d+$/.test(n))) return [...names].sort((a, b) => Number(a) - Number(b)).map((n) => values[n] ?? '');
  return Object.fromEntries(names.map((n) => [n, values[n] ?? '']));
}

export const TemplatePicker = ({
  customer,
  sending,
  onSend,
}: {
  customer: CustomerSummary;
  sending: boolean;
  onSend: (template: TemplateSendContent) => void;
}) => {
  const t = useT();
  const templates = useApprovedTemplates();
  const [selectedId, setSelectedId] = useState<string | undefined>();
  const [header, setHeader] = useState<Record<string, string>>({});
  const [body, setBody] = useState<Record<string, string>>({});
  const [buttons, setButtons] = useState<Record<number, string>>({});
  const [headerFile, setHeaderFile] = useState<PickedFile | null>(null);
  const [picking, setPicking] = useState(false);

  const sorted = useMemo(() => {
    // One entry per name and language: that is what a send names (a template synced again from
    // WhatsApp Manager may exist twice); the one Meta knows by id wins.
    const byKey = new Map<string, TemplateSummary>();
    for (const tpl of templates.data ?? []) {
      if (tpl.deletedAtMeta) continue;
      const key = `${tpl.name}|${tpl.language}`;
      const current = byKey.get(key);
      if (!current || (!current.metaTemplateId && tpl.metaTemplateId)) byKey.set(key, tpl);
    }
    return [...byKey.values()].sort(
      (a, b) =>
        Number(languageMatches(b.language, customer.language)) - Number(languageMatches(a.language, customer.language)) ||
        a.name.localeCompare(b.name) ||
        a.language.localeCompare(b.language)
    );
  }, [templates.data, customer.language]);
  const selected: TemplateSummary | undefined = sorted.find((tpl) => tpl.documentId === selectedId);

  const components = selected?.components ?? [];
  const headerComponent = find(components, 'HEADER');
  const headerFormat = String(headerComponent?.format ?? 'NONE').toUpperCase();
  const headerNames = headerFormat === 'TEXT' ? variableNames(headerComponent?.text) : [];
  const bodyNames = variableNames(find(components, 'BODY')?.text);
  const buttonSlots: { index: number; type: string; text: string }[] = (find(components, 'BUTTONS')?.buttons ?? [])
    .map((button: any, index: number) => ({ index, type: String(button?.type ?? '').toUpperCase(), text: String(button?.text ?? ''), url: String(button?.url ?? '') }))
    .filter((b: any) => (b.type === 'URL' && variableNames(b.url).length > 0) || b.type === 'COPY_CODE');
  const mediaHeader = ['IMAGE', 'VIDEO', 'DOCUMENT'].includes(headerFormat);

  const previewValues: TemplateValues = { header: valuesFor(headerNames, header), body: valuesFor(bodyNames, body), buttons };
  const missing = selected ? renderTemplate(components, previewValues).missing.length > 0 || (mediaHeader && !headerFile) : true;

  const choose = (documentId: string) => {
    setSelectedId(documentId);
    setHeader({});
    setBody({});
    setButtons({});
    setHeaderFile(null);
  };

  const send = () => {
    if (!selected) return;
    const headerInput = mediaHeader && headerFile
      ? { type: headerFormat.toLowerCase(), [headerFormat.toLowerCase()]: { file: headerFile.id } }
      : valuesFor(headerNames, header);
    onSend({
      name: selected.name,
      language: selected.language,
      ...(headerInput ? { header: headerInput } : {}),
      ...(bodyNames.length ? { body: valuesFor(bodyNames, body) } : {}),
      ...(buttonSlots.length ? { buttons: buttonSlots.map((b) => ({ index: b.index, parameter: buttons[b.index] ?? '' })) } : {}),
    });
  };

  const input = (label: string, value: string, onChange: (v: string) => void, key: string) => (
    <Field.Root key={key} name={key}>
      <Field.Label>{label}</Field.Label>
      <TextInput value={value} onChange={(e: React.ChangeEvent<HTMLInputElement>) => onChange(e.target.value)} size="S" />
    </Field.Root>
  );

  return (
    <Flex direction="column" alignItems="stretch" gap={3} data-testid="wa-template-picker">
      {templates.isError ? (
        <Typography variant="pi" textColor="danger600">
          {t('inbox.templates.error', 'The approved templates could not be loaded.')}
        </Typography>
      ) : (
        <SingleSelect
          aria-label={t('inbox.templates.choose', 'Approved template')}
          placeholder={templates.isLoading ? t('common.loading', 'Loading…') : t('inbox.templates.choose', 'Approved template')}
          value={selectedId}
          onChange={(value: string | number) => choose(String(value))}
        >
          {sorted.map((tpl) => (
            <SingleSelectOption key={tpl.documentId} value={tpl.documentId}>
              {`${tpl.name} · ${tpl.language} · ${tpl.category}`}
            </SingleSelectOption>
          ))}
        </SingleSelect>
      )}
      {!templates.isLoading && sorted.length === 0 && !templates.isError && (
        <Typography variant="pi" textColor="neutral600">
          {t('inbox.templates.none', 'No approved templates yet. Create one under WhatsApp › Templates and wait for Meta’s approval.')}
        </Typography>
      )}
      {selected && (
        <Flex gap={4} alignItems="flex-start" wrap="wrap">
          <Flex direction="column" alignItems="stretch" gap={2} style={{ flex: '1 1 220px' }}>
            {mediaHeader && (
              <Box>
                <Button size="S" variant="tertiary" startIcon={<Paperclip />} onClick={() => setPicking(true)}>
                  {headerFile ? headerFile.name : t('inbox.templates.headerMedia', 'Choose the header file')}
                </Button>
              </Box>
            )}
            {headerNames.map((name) =>
              input(t('inbox.templates.headerVariable', 'Header variable {name}', { name: `{{${name}}}` }), header[name] ?? '', (v) => setHeader({ ...header, [name]: v }), `header-${name}`)
            )}
            {bodyNames.map((name) =>
              input(t('inbox.templates.bodyVariable', 'Body variable {name}', { name: `{{${name}}}` }), body[name] ?? '', (v) => setBody({ ...body, [name]: v }), `body-${name}`)
            )}
            {buttonSlots.map((b) =>
              input(
                t('inbox.templates.buttonVariable', 'Button “{text}”', { text: b.text || String(b.index + 1) }),
                buttons[b.index] ?? '',
                (v) => setButtons({ ...buttons, [b.index]: v }),
                `button-${b.index}`
              )
            )}
            <Box>
              <Button onClick={send} disabled={missing} loading={sending}>
                {t('inbox.templates.send', 'Send template')}
              </Button>
            </Box>
          </Flex>
          <Box style={{ flex: '1 1 260px' }}>
            <TemplatePreview components={components} values={previewValues} />
          </Box>
        </Flex>
      )}
      {picking && <MediaPicker onClose={() => setPicking(false)} onPick={setHeaderFile} />}
    </Flex>
  );
};

import {
  Box,
  Button,
  Dialog,
  Field,
  Flex,
  Grid,
  SingleSelect,
  SingleSelectOption,
  TextInput,
  Toggle,
  Typography,
} from '@strapi/design-system';
import { Trash } from '@strapi/icons';
import { BackButton, ConfirmDialog, Layouts, Page, useAPIErrorHandler, useNotification } from '@strapi/strapi/admin';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import {
  AUTOMATION_EVENTS,
  CONDITION_OPERATORS,
  type AutomationInput,
  type MappingSourceInput,
} from '../../../../shared/contracts/automations';
import { UID } from '../../../../shared/uids';
import { useAutomation, useAutomationTemplates, useContentTypes, useDeleteAutomation, useSaveAutomation } from '../../api/automations';
import { ActivityPanel } from './ActivityPanel';
import { DryRunPanel } from './DryRunPanel';
import { MappingRows } from './MappingRows';
import { PathSelect } from './PathSelect';
import { pathOptions } from './paths';
import { useT } from '../../hooks/use-t';

type Operator = (typeof CONDITION_OPERATORS)[number] | 'none';

const EMPTY: AutomationInput = {
  name: '',
  enabled: true,
  contentType: '',
  event: 'updated',
  condition: null,
  recipientPath: '',
  tenantPath: null,
  templateName: '',
  language: '',
  parameterMapping: {},
};

/** Field errors from a 400 ValidationError: `{ 'recipientPath': '…', 'parameterMapping.body.1': '…' }`. */
function fieldErrors(error: any): Record<string, string> {
  const details = error?.response?.data?.error?.details?.errors;
  const out: Record<string, string> = {};
  if (Array.isArray(details)) for (const item of details) out[(item.path ?? []).join('.')] ??= item.message;
  return out;
}

const AutomationEditPage = () => {
  const { documentId } = useParams<{ documentId: string }>();
  const navigate = useNavigate();
  const t = useT();
  const { toggleNotification } = useNotification();
  const { formatAPIError } = useAPIErrorHandler();

  const existing = useAutomation(documentId);
  const contentTypes = useContentTypes();
  const templates = useAutomationTemplates();
  const save = useSaveAutomation(documentId);
  const remove = useDeleteAutomation();

  const [form, setForm] = useState<AutomationInput>(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});

  useEffect(() => {
    if (!existing.data) return;
    const rule = existing.data;
    setForm({
      name: rule.name,
      enabled: rule.enabled,
      contentType: rule.contentType,
      event: rule.event,
      condition: rule.condition,
      recipientPath: rule.recipientPath,
      tenantPath: rule.tenantPath,
      tenant: rule.tenant?.documentId ?? null,
      templateName: rule.templateName,
      language: rule.language,
      parameterMapping: rule.parameterMapping as Record<string, MappingSourceInput>,
    });
  }, [existing.data]);

  const contentType = contentTypes.data?.find((type) => type.uid === form.contentType);
  const paths = useMemo(() => pathOptions(contentType), [contentType]);
  const template = templates.data?.find((item) => item.name === form.templateName && item.language === form.language);
  const conditionField = paths.find((option) => option.value === form.condition?.field);
  const operator: Operator = form.condition?.operator ?? 'none';

  const set = (patch: Partial<AutomationInput>) => setForm((current) => ({ ...current, ...patch }));
  const setCondition = (patch: Record<string, unknown>) =>
    set({ condition: { field: '', operator: 'changedTo', ...(form.condition ?? {}), ...patch } as AutomationInput['condition'] });

  if ((documentId && existing.isLoading) || contentTypes.isLoading || templates.isLoading) return <Page.Loading />;
  if ((documentId && existing.isError) || contentTypes.isError || templates.isError) return <Page.Error />;

  const submit = () => {
    setErrors({});
    save.mutate(form, {
      onSuccess: (response) => {
        for (const warning of response.meta.warnings) toggleNotification({ type: 'warning', message: warning.message });
        toggleNotification({ type: 'success', message: t('automations.saved', 'Rule saved') });
        if (!documentId) navigate(`../${response.data.documentId}`, { relative: 'path' });
      },
      onError: (error: any) => {
        setErrors(fieldErrors(error));
        toggleNotification({ type: 'danger', message: formatAPIError(error) });
      },
    });
  };

  const valueInput = (key: 'value' | 'from', label: string) =>
    conditionField?.enum ? (
      <Field.Root name={`condition.${key}`} error={errors[`condition.${key}`]}>
        <Field.Label>{label}</Field.Label>
        <SingleSelect value={String(form.condition?.[key] ?? '')} onChange={(next: string | number) => setCondition({ [key]: String(next) })}>
          {conditionField.enum.map((value) => (
            <SingleSelectOption key={value} value={value}>
              {value}
            </SingleSelectOption>
          ))}
        </SingleSelect>
        <Field.Error />
      </Field.Root>
    ) : (
      <Field.Root name={`condition.${key}`} error={errors[`condition.${key}`]}>
        <Field.Label>{label}</Field.Label>
        <TextInput
          value={String(form.condition?.[key] ?? '')}
          onChange={(event: React.ChangeEvent<HTMLInputElement>) => setCondition({ [key]: event.target.value })}
        />
        <Field.Error />
      </Field.Root>
    );

  return (
    <Layouts.Root>
      <Page.Title>{form.name || t('automations.create', 'New rule')}</Page.Title>
      <Layouts.Header
        navigationAction={<BackButton disabled={false} />}
        title={documentId ? form.name : t('automations.create', 'New rule')}
        subtitle={t('automations.edit.subtitle', 'When a record changes, send a WhatsApp template')}
        primaryAction={
          <Flex gap={2}>
            {documentId && (
              <Dialog.Root>
                <Dialog.Trigger>
                  <Button variant="danger-light" startIcon={<Trash />}>
                    {t('automations.delete', 'Delete')}
                  </Button>
                </Dialog.Trigger>
                <ConfirmDialog
                  variant="danger"
                  icon={undefined}
                  onConfirm={() =>
                    remove.mutate(documentId, {
                      onSuccess: () => navigate('..', { relative: 'path' }),
                      onError: (error: any) => toggleNotification({ type: 'danger', message: formatAPIError(error) }),
                    })
                  }
                />
              </Dialog.Root>
            )}
            <Button onClick={submit} loading={save.isPending}>
              {t('automations.save', 'Save')}
            </Button>
          </Flex>
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          <Box background="neutral0" padding={6} shadow="filterShadow" hasRadius>
            <Grid.Root gap={4}>
              <Grid.Item col={8} s={12} direction="column" alignItems="stretch">
                <Field.Root name="name" error={errors.name} required>
                  <Field.Label>{t('automations.field.name', 'Name')}</Field.Label>
                  <TextInput value={form.name} onChange={(event: React.ChangeEvent<HTMLInputElement>) => set({ name: event.target.value })} />
                  <Field.Error />
                </Field.Root>
              </Grid.Item>
              <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
                <Field.Root name="enabled">
                  <Field.Label>{t('automations.field.enabled', 'Enabled')}</Field.Label>
                  <Toggle
                    checked={form.enabled !== false}
                    onLabel={t('automations.enabled', 'Enabled')}
                    offLabel={t('automations.disabled', 'Disabled')}
                    onChange={(event: React.ChangeEvent<HTMLInputElement>) => set({ enabled: event.target.checked })}
                  />
                </Field.Root>
              </Grid.Item>

              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                <Field.Root name="contentType" error={errors.contentType} required>
                  <Field.Label>{t('automations.field.contentType', 'When a record of')}</Field.Label>
                  <SingleSelect
                    value={form.contentType}
                    onChange={(next: string | number) =>
                      set({ contentType: String(next), condition: null, recipientPath: '', tenantPath: null, parameterMapping: {} })
                    }
                  >
                    {(contentTypes.data ?? []).map((type) => (
                      <SingleSelectOption key={type.uid} value={type.uid}>
                        {`${type.displayName} (${type.uid})`}
                      </SingleSelectOption>
                    ))}
                  </SingleSelect>
                  <Field.Error />
                </Field.Root>
              </Grid.Item>
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                <Field.Root
                  name="event"
                  error={errors.event}
                  hint={contentType?.draftAndPublish ? t('automations.field.eventHintDp', 'Draft & publish: rules watch the published version') : undefined}
                  required
                >
                  <Field.Label>{t('automations.field.event', 'is')}</Field.Label>
                  <SingleSelect value={form.event} onChange={(next: string | number) => set({ event: String(next) as AutomationInput['event'] })}>
                    {AUTOMATION_EVENTS.filter((event) => event !== 'published' || contentType?.draftAndPublish).map((event) => (
                      <SingleSelectOption key={event} value={event}>
                        {t(`automations.event.${event}`, event)}
                      </SingleSelectOption>
                    ))}
                  </SingleSelect>
                  <Field.Hint />
                  <Field.Error />
                </Field.Root>
              </Grid.Item>

              <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
                <Field.Root name="condition.operator" error={errors['condition.operator']}>
                  <Field.Label>{t('automations.field.condition', 'Only if')}</Field.Label>
                  <SingleSelect
                    value={operator}
                    onChange={(next: string | number) =>
                      String(next) === 'none' ? set({ condition: null }) : setCondition({ operator: String(next) })
                    }
                  >
                    <SingleSelectOption value="none">{t('automations.operator.none', 'Always')}</SingleSelectOption>
                    {CONDITION_OPERATORS.map((op) => (
                      <SingleSelectOption key={op} value={op}>
                        {t(`automations.operator.${op}`, op)}
                      </SingleSelectOption>
                    ))}
                  </SingleSelect>
                  <Field.Error />
                </Field.Root>
              </Grid.Item>
              {operator !== 'none' && (
                <>
                  <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
                    <PathSelect
                      label={t('automations.field.conditionField', 'Field')}
                      name="condition.field"
                      value={form.condition?.field}
                      options={paths}
                      error={errors['condition.field']}
                      onChange={(field) => setCondition({ field: field ?? '' })}
                    />
                  </Grid.Item>
                  {operator === 'changedFromTo' && (
                    <Grid.Item col={2} s={6} direction="column" alignItems="stretch">
                      {valueInput('from', t('automations.field.from', 'From'))}
                    </Grid.Item>
                  )}
                  {operator !== 'changed' && operator !== 'changedToAny' && (
                    <Grid.Item col={operator === 'changedFromTo' ? 2 : 4} s={6} direction="column" alignItems="stretch">
                      {valueInput('value', operator === 'equals' ? t('automations.field.value', 'Value') : t('automations.field.to', 'To'))}
                    </Grid.Item>
                  )}
                </>
              )}

              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                <PathSelect
                  label={t('automations.field.recipient', 'Send to')}
                  name="recipientPath"
                  value={form.recipientPath}
                  options={paths.filter((option) => option.type === 'relation' || ['string', 'text', 'email', 'biginteger'].includes(option.type))}
                  error={errors.recipientPath}
                  hint={t('automations.field.recipientHint', 'A phone field, a customer, or a related record with a phone (e.g. supplier.phone)')}
                  required
                  onChange={(path) => set({ recipientPath: path ?? '' })}
                />
              </Grid.Item>
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                <PathSelect
                  label={t('automations.field.tenant', 'Tenant')}
                  name="tenantPath"
                  value={(form.tenantPath as string | null | undefined) ?? null}
                  options={paths.filter((option) => option.type === 'relation' && option.target === UID.tenant)}
                  error={errors.tenantPath}
                  hint={t('automations.field.tenantHint', "Empty: the recipient customer's tenant")}
                  clearable
                  onChange={(path) => set({ tenantPath: path })}
                />
              </Grid.Item>

              <Grid.Item col={12} direction="column" alignItems="stretch">
                <Field.Root
                  name="templateName"
                  error={errors.templateName ?? errors.language}
                  hint={template && template.status !== 'APPROVED' ? `${template.status}: ${t('automations.field.templateNotApproved', 'sends fail until Meta approves it')}` : undefined}
                  required
                >
                  <Field.Label>{t('automations.field.template', 'Template')}</Field.Label>
                  <SingleSelect
                    value={form.templateName ? `${form.templateName}|${form.language}` : ''}
                    onChange={(next: string | number) => {
                      const [templateName, language] = String(next).split('|');
                      set({ templateName, language });
                    }}
                  >
                    {(templates.data ?? []).map((item) => (
                      <SingleSelectOption key={item.documentId} value={`${item.name}|${item.language}`}>
                        {`${item.name} (${item.language}) · ${item.status}`}
                      </SingleSelectOption>
                    ))}
                  </SingleSelect>
                  <Field.Hint />
                  <Field.Error />
                </Field.Root>
              </Grid.Item>
            </Grid.Root>
          </Box>

          <Box background="neutral0" padding={6} shadow="filterShadow" hasRadius>
            <Flex direction="column" alignItems="stretch" gap={4}>
              <Typography variant="delta" tag="h2">{t('automations.mapping.title', 'Template variables')}</Typography>
              {template ? (
                <MappingRows
                  slots={template.slots}
                  mapping={form.parameterMapping as Record<string, MappingSourceInput>}
                  paths={paths}
                  errors={errors}
                  onChange={(parameterMapping) => set({ parameterMapping })}
                />
              ) : (
                <Typography textColor="neutral600">{t('automations.mapping.pickTemplate', 'Pick a template to map its variables.')}</Typography>
              )}
            </Flex>
          </Box>

          {documentId && existing.data && (
            <Grid.Root gap={6}>
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                <Box background="neutral0" padding={6} shadow="filterShadow" hasRadius width="100%">
                  <DryRunPanel automationId={documentId} contentType={existing.data.contentType} />
                </Box>
              </Grid.Item>
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                <Box background="neutral0" padding={6} shadow="filterShadow" hasRadius width="100%">
                  <ActivityPanel automationId={documentId} />
                </Box>
              </Grid.Item>
            </Grid.Root>
          )}
        </Flex>
      </Layouts.Content>
    </Layouts.Root>
  );
};

export { AutomationEditPage };

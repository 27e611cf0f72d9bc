import { Box, Field, Flex, Grid, SingleSelect, SingleSelectOption, TextInput, Typography } from '@strapi/design-system';
import type { MappingSourceInput, TemplateSlotDto } from '../../../../shared/contracts/automations';
import { VALUE_FORMATS } from '../../../../shared/contracts/automations';
import { PathSelect } from './PathSelect';
import type { PathOption } from './paths';
import { useT } from '../../hooks/use-t';

interface MappingRowsProps {
  slots: TemplateSlotDto[];
  mapping: Record<string, MappingSourceInput>;
  paths: PathOption[];
  errors: Record<string, string>;
  onChange: (mapping: Record<string, MappingSourceInput>) => void;
}

/** One row per template variable: where its value comes from (a field, a fixed text, the admin URL). */
export const MappingRows = ({ slots, mapping, paths, errors, onChange }: MappingRowsProps) => {
  const t = useT();
  const set = (key: string, source: MappingSourceInput) => onChange({ ...mapping, [key]: source });

  if (slots.length === 0) {
    return <Typography textColor="neutral600">{t('automations.mapping.none', 'This template has no variables.')}</Typography>;
  }
  const unknown = Object.keys(mapping).filter((key) => !slots.some((slot) => slot.key === key));

  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      {slots.map((slot) => {
        const source = mapping[slot.key];
        const kind = source?.source ?? '';
        const error = errors[`parameterMapping.${slot.key}`];
        return (
          // Every row repeats the labels "Value from", "Field", "Format": the group's name says
          // which variable they belong to (a screen reader announces it on entering the row).
          <Box
            key={slot.key}
            padding={3}
            hasRadius
            borderColor={error ? 'danger600' : 'neutral200'}
            role="group"
            aria-label={t('automations.mapping.variable', 'Variable {name} ({key})', { name: `{{${slot.name}}}`, key: slot.key })}
          >
            <Grid.Root gap={3}>
              <Grid.Item col={2} s={12} direction="column" alignItems="stretch">
                <Typography variant="omega" fontWeight="bold">{`{{${slot.name}}}`}</Typography>
                <Typography variant="pi" textColor="neutral600">{slot.key}</Typography>
              </Grid.Item>
              <Grid.Item col={3} s={12} direction="column" alignItems="stretch">
                <Field.Root name={`${slot.key}.source`} error={error}>
                  <Field.Label>{t('automations.mapping.source', 'Value from')}</Field.Label>
                  <SingleSelect
                    value={kind}
                    onChange={(next: string | number) => {
                      const value = String(next);
                      if (value === 'field') set(slot.key, { source: 'field', path: '', format: 'auto' });
                      else if (value === 'fixed') set(slot.key, { source: 'fixed', value: '' });
                      else set(slot.key, { source: 'adminUrl' });
                    }}
                  >
                    <SingleSelectOption value="field">{t('automations.mapping.field', 'A field of the record')}</SingleSelectOption>
                    <SingleSelectOption value="fixed">{t('automations.mapping.fixed', 'A fixed text')}</SingleSelectOption>
                    <SingleSelectOption value="adminUrl">{t('automations.mapping.adminUrl', "The record's admin URL")}</SingleSelectOption>
                  </SingleSelect>
                  <Field.Error />
                </Field.Root>
              </Grid.Item>
              {source?.source === 'field' && (
                <>
                  <Grid.Item col={3} s={12} direction="column" alignItems="stretch">
                    <PathSelect
                      label={t('automations.mapping.path', 'Field')}
                      name={`${slot.key}.path`}
                      value={source.path}
                      options={paths}
                      onChange={(path) => set(slot.key, { ...source, path: path ?? '' })}
                    />
                  </Grid.Item>
                  <Grid.Item col={2} s={6} direction="column" alignItems="stretch">
                    <Field.Root name={`${slot.key}.format`}>
                      <Field.Label>{t('automations.mapping.format', 'Format')}</Field.Label>
                      <SingleSelect value={source.format ?? 'auto'} onChange={(next: string | number) => set(slot.key, { ...source, format: String(next) as any })}>
                        {VALUE_FORMATS.map((format) => (
                          <SingleSelectOption key={format} value={format}>
                            {t(`automations.format.${format}`, format)}
                          </SingleSelectOption>
                        ))}
                      </SingleSelect>
                    </Field.Root>
                  </Grid.Item>
                  <Grid.Item col={2} s={6} direction="column" alignItems="stretch">
                    {source.format === 'currency' ? (
                      <Field.Root name={`${slot.key}.currency`} hint={t('automations.mapping.currencyHint', 'ISO code, or the field below')}>
                        <Field.Label>{t('automations.mapping.currency', 'Currency')}</Field.Label>
                        <TextInput
                          value={source.currency ?? ''}
                          placeholder="EUR"
                          onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                            set(slot.key, { ...source, currency: event.target.value.toUpperCase() || undefined })
                          }
                        />
                        <Field.Hint />
                      </Field.Root>
                    ) : (
                      <Field.Root name={`${slot.key}.fallback`} hint={t('automations.mapping.fallbackHint', 'Used when the field is empty')}>
                        <Field.Label>{t('automations.mapping.fallback', 'If empty')}</Field.Label>
                        <TextInput
                          value={source.fallback ?? ''}
                          onChange={(event: React.ChangeEvent<HTMLInputElement>) => set(slot.key, { ...source, fallback: event.target.value || undefined })}
                        />
                        <Field.Hint />
                      </Field.Root>
                    )}
                  </Grid.Item>
                  {source.format === 'currency' && (
                    <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
                      <PathSelect
                        label={t('automations.mapping.currencyPath', 'Currency field')}
                        name={`${slot.key}.currencyPath`}
                        value={source.currencyPath}
                        options={paths.filter((option) => option.type === 'string' || option.type === 'enumeration')}
                        clearable
                        onChange={(path) => set(slot.key, { ...source, currencyPath: path ?? undefined })}
                      />
                    </Grid.Item>
                  )}
                </>
              )}
              {source?.source === 'fixed' && (
                <Grid.Item col={7} s={12} direction="column" alignItems="stretch">
                  <Field.Root name={`${slot.key}.value`}>
                    <Field.Label>{t('automations.mapping.text', 'Text')}</Field.Label>
                    <TextInput
                      value={source.value}
                      onChange={(event: React.ChangeEvent<HTMLInputElement>) => set(slot.key, { source: 'fixed', value: event.target.value })}
                    />
                  </Field.Root>
                </Grid.Item>
              )}
            </Grid.Root>
          </Box>
        );
      })}
      {unknown.length > 0 && (
        <Typography textColor="danger600">
          {t('automations.mapping.unknown', 'Not variables of this template (will be refused):')} {unknown.join(', ')}
        </Typography>
      )}
    </Flex>
  );
};

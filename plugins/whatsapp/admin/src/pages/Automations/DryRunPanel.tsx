import { Box, Button, Field, Flex, SingleSelect, SingleSelectOption, TextInput, Typography } from '@strapi/design-system';
import { useAPIErrorHandler, useNotification } from '@strapi/strapi/admin';
import { useState } from 'react';
import { useDryRun, useRecentRecords } from '../../api/automations';
import { TemplatePreview } from '../../components/TemplatePreview';
import { recordLabel } from './paths';
import { useT } from '../../hooks/use-t';

/** Pick a record: see the message the rule would send for it (the template preview) or why it would not. */
export const DryRunPanel = ({ automationId, contentType }: { automationId: string; contentType: string }) => {
  const t = useT();
  const { toggleNotification } = useNotification();
  const { formatAPIError } = useAPIErrorHandler();
  const records = useRecentRecords(contentType);
  const dryRun = useDryRun(automationId);
  const [record, setRecord] = useState('');

  const run = () =>
    dryRun.mutate(record, {
      onError: (error: any) => toggleNotification({ type: 'danger', message: formatAPIError(error) }),
    });
  const result = dryRun.data;

  return (
    <Flex direction="column" alignItems="stretch" gap={3}>
      <Typography variant="delta" tag="h2">{t('automations.dryRun.title', 'Dry run')}</Typography>
      {records.data && records.data.length > 0 ? (
        <Field.Root name="dryRunRecord">
          <Field.Label>{t('automations.dryRun.record', 'Record')}</Field.Label>
          <SingleSelect value={record} onChange={(next: string | number) => setRecord(String(next))}>
            {records.data.map((item) => (
              <SingleSelectOption key={item.documentId} value={item.documentId}>
                {recordLabel(item)}
              </SingleSelectOption>
            ))}
          </SingleSelect>
        </Field.Root>
      ) : (
        <Field.Root name="dryRunRecord" hint={t('automations.dryRun.documentIdHint', 'The documentId of a record')}>
          <Field.Label>{t('automations.dryRun.record', 'Record')}</Field.Label>
          <TextInput value={record} onChange={(event: React.ChangeEvent<HTMLInputElement>) => setRecord(event.target.value.trim())} />
          <Field.Hint />
        </Field.Root>
      )}
      <Box>
        <Button variant="secondary" onClick={run} disabled={!record} loading={dryRun.isPending}>
          {t('automations.dryRun.run', 'Show the message')}
        </Button>
      </Box>
      {result && (
        <Flex direction="column" alignItems="stretch" gap={2}>
          {result.condition && <Typography variant="pi">{result.condition}</Typography>}
          {result.wouldSend ? (
            <Typography textColor="success600" fontWeight="bold">{t('automations.dryRun.wouldSend', 'This message would be sent:')}</Typography>
          ) : (
            <Box>
              <Typography textColor="danger600" fontWeight="bold">{t('automations.dryRun.wouldNotSend', 'It would not be sent:')}</Typography>
              <ul>
                {result.reasons.map((reason) => (
                  <li key={reason}>
                    <Typography variant="pi">{reason}</Typography>
                  </li>
                ))}
              </ul>
            </Box>
          )}
          {result.recipient && (
            <Typography variant="pi">
              {t('automations.dryRun.to', 'To')}: {result.recipient.to ?? result.recipient.customer}
              {result.recipient.tenant ? ` · ${t('automations.dryRun.tenant', 'tenant')} ${result.recipient.tenant}` : ''}
            </Typography>
          )}
          {result.components && (
            <TemplatePreview components={result.components} values={{ header: result.values.header, body: result.values.body, buttons: result.values.buttons }} />
          )}
        </Flex>
      )}
    </Flex>
  );
};

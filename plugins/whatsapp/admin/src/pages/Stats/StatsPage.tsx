import { Box, Flex, Field, SingleSelect, SingleSelectOption, Table, Tbody, Td, Th, Thead, Tr, TextInput, Typography } from '@strapi/design-system';
import { Layouts, Page, useAPIErrorHandler } from '@strapi/strapi/admin';
import { useState } from 'react';
import { GetStats } from '../../../../shared/contracts/conversations';
import { useStats } from '../../api/inbox';
import { PERMISSIONS } from '../../constants';
import { useT } from '../../hooks/use-t';
import { isoDay } from '../../utils/format-date';
import { DeliveryChart } from './DeliveryChart';

/** Delivery statistics: how many messages were sent, delivered, read and failed, by tenant, number, template or rule. */

const percent = (part: number, whole: number) => (whole ? `${Math.round((part / whole) * 100)} %` : '—');

const StatsContent = () => {
  const t = useT();
  const { formatAPIError } = useAPIErrorHandler();
  const [from, setFrom] = useState(isoDay(new Date(Date.now() - 29 * 86_400_000)));
  const [to, setTo] = useState(isoDay(new Date()));
  const [groupBy, setGroupBy] = useState<(typeof GetStats.GROUP_BY)[number]>('tenant');
  const stats = useStats({ from, to, groupBy });
  const data = stats.data?.data;
  const noneLabel = {
    tenant: t('inbox.stats.noTenant', 'No tenant'),
    number: t('inbox.stats.noNumber', 'Unknown number'),
    template: t('inbox.stats.noTemplate', 'Free-form (no template)'),
    automation: t('inbox.stats.noAutomation', 'Sent by people or the API'),
  }[groupBy];
  const rows = (data?.groups ?? []).map((g) => ({ label: g.label || noneLabel, counts: g }));

  return (
    <>
      <Layouts.Header title={t('inbox.stats.title', 'Delivery statistics')} subtitle={t('inbox.stats.subtitle', 'Outbound WhatsApp messages in the chosen period')} />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4}>
          <Flex gap={4} alignItems="flex-end" wrap="wrap" background="neutral0" padding={4} hasRadius shadow="tableShadow">
            <Field.Root name="from">
              <Field.Label>{t('inbox.stats.from', 'From')}</Field.Label>
              <TextInput type="date" value={from} max={to} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setFrom(e.target.value)} />
            </Field.Root>
            <Field.Root name="to">
              <Field.Label>{t('inbox.stats.to', 'To')}</Field.Label>
              <TextInput type="date" value={to} min={from} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setTo(e.target.value)} />
            </Field.Root>
            <Field.Root name="groupBy">
              <Field.Label>{t('inbox.stats.groupBy', 'Group by')}</Field.Label>
              <SingleSelect value={groupBy} onChange={(v: string | number) => setGroupBy(v as typeof groupBy)}>
                {GetStats.GROUP_BY.map((g) => (
                  <SingleSelectOption key={g} value={g}>
                    {t(`inbox.stats.by.${g}`, g)}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
            </Field.Root>
          </Flex>
          {stats.isError && (
            <Box padding={4} background="danger100" hasRadius>
              <Typography textColor="danger700">{formatAPIError(stats.error as any)}</Typography>
            </Box>
          )}
          {data && (
            <>
              <Flex gap={4} wrap="wrap">
                {(['total', 'sent', 'delivered', 'read', 'failed'] as const).map((key) => (
                  <Box key={key} background="neutral0" padding={4} hasRadius shadow="tableShadow" minWidth="140px">
                    <Typography variant="sigma" textColor="neutral600">
                      {t(`inbox.stats.${key}`, key)}
                    </Typography>
                    <Typography variant="alpha" tag="p" data-testid={`wa-stats-${key}`}>
                      {data.totals[key]}
                    </Typography>
                    {key !== 'total' && <Typography variant="pi" textColor="neutral600">{percent(data.totals[key], data.totals.total)}</Typography>}
                  </Box>
                ))}
              </Flex>
              <Box background="neutral0" padding={4} hasRadius shadow="tableShadow">
                {rows.length === 0 ? (
                  <Typography textColor="neutral600">{t('inbox.stats.empty', 'No messages were sent in this period.')}</Typography>
                ) : (
                  <DeliveryChart rows={rows} title={t('inbox.stats.chart', 'Delivery by {group}', { group: t(`inbox.stats.by.${groupBy}`, groupBy) })} />
                )}
              </Box>
              {rows.length > 0 && (
                <Table colCount={6} rowCount={rows.length + 1}>
                  <Thead>
                    <Tr>
                      <Th><Typography variant="sigma">{t(`inbox.stats.by.${groupBy}`, groupBy)}</Typography></Th>
                      {(['total', 'sent', 'delivered', 'read', 'failed'] as const).map((key) => (
                        <Th key={key}><Typography variant="sigma">{t(`inbox.stats.${key}`, key)}</Typography></Th>
                      ))}
                    </Tr>
                  </Thead>
                  <Tbody>
                    {rows.map((row, i) => (
                      <Tr key={`${row.label}-${i}`}>
                        <Td><Typography>{row.label}</Typography></Td>
                        {(['total', 'sent', 'delivered', 'read', 'failed'] as const).map((key) => (
                          <Td key={key}>
                            <Typography>
                              {row.counts[key]}
                              {key !== 'total' ? ` (${percent(row.counts[key], row.counts.total)})` : ''}
                            </Typography>
                          </Td>
                        ))}
                      </Tr>
                    ))}
                  </Tbody>
                </Table>
              )}
            </>
          )}
        </Flex>
      </Layouts.Content>
    </>
  );
};

export const StatsPage = () => {
  const t = useT();
  return (
    <Page.Protect permissions={PERMISSIONS.messagesRead}>
      <Page.Title>{t('inbox.stats.title', 'Delivery statistics')}</Page.Title>
      <Page.Main>
        <StatsContent />
      </Page.Main>
    </Page.Protect>
  );
};

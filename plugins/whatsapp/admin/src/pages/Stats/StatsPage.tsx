import { Box, Button, Flex, Field, SingleSelect, SingleSelectOption, Table, Tbody, Td, Th, Thead, Tr, TextInput, Typography } from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { Layouts, Page, useAPIErrorHandler, useNotification } from '@strapi/strapi/admin';
import { useState } from 'react';
import { GetStats } from '../../../../shared/contracts/conversations';
import { useStats, useStatsCsv } from '../../api/inbox';
import { PERMISSIONS } from '../../constants';
import { useT } from '../../hooks/use-t';
import { isoDay } from '../../utils/format-date';
import { DeliveryChart } from './DeliveryChart';
import { formatMoney } from '../../utils/format-money';

/**
 * Delivery statistics and cost: how many messages were sent, delivered, read and failed, by tenant,
 * number, template or rule, and what Meta charges for them (the rate card applied to the pricing of
 * the status webhooks, docs/pricing.md), the free ones apart. "Last month" and "Download CSV" answer
 * "what did bakery X cost us last month" in one click each.
 */

const percent = (part: number, whole: number) => (whole ? `${Math.round((part / whole) * 100)} %` : '—');


/** The previous calendar month (UTC), as the date inputs' values. */
const lastMonth = () => {
  const now = new Date();
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 0));
  return { from: first.toISOString().slice(0, 10), to: last.toISOString().slice(0, 10) };
};

function downloadText(filename: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

const COST_KEYS = ['billable', 'free', 'cost'] as const;

const StatsContent = () => {
  const t = useT();
  const { formatAPIError } = useAPIErrorHandler();
  const [from, setFrom] = useState(isoDay(new Date(Date.now() - 29 * 86_400_000)));
  const [to, setTo] = useState(isoDay(new Date()));
  const [groupBy, setGroupBy] = useState<(typeof GetStats.GROUP_BY)[number]>('tenant');
  const stats = useStats({ from, to, groupBy });
  const csv = useStatsCsv();
  const { toggleNotification } = useNotification();
  const data = stats.data?.data;
  const meta = stats.data?.meta;
  const currency = meta?.currency ?? 'USD';
  const costCell = (key: (typeof COST_KEYS)[number], counts: GetStats.Counts) => (key === 'cost' ? formatMoney(counts.cost, currency) : String(counts[key]));
  const exportCsv = () =>
    csv.mutate(
      { from, to, groupBy },
      {
        onSuccess: ({ csv: text, filename }) => downloadText(filename, text, 'text/csv;charset=utf-8'),
        onError: (error) => toggleNotification({ type: 'danger', message: formatAPIError(error as any) }),
      },
    );
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
            <Button
              variant="tertiary"
              onClick={() => {
                const range = lastMonth();
                setFrom(range.from);
                setTo(range.to);
              }}
            >
              {t('inbox.stats.lastMonth', 'Last month')}
            </Button>
            <Button variant="secondary" startIcon={<Download />} onClick={exportCsv} loading={csv.isPending}>
              {t('inbox.stats.downloadCsv', 'Download CSV')}
            </Button>
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
                <Box background="neutral0" padding={4} hasRadius shadow="tableShadow" minWidth="180px">
                  <Typography variant="sigma" textColor="neutral600">
                    {t('inbox.stats.cost', 'Cost')}
                  </Typography>
                  <Typography variant="alpha" tag="p" data-testid="wa-stats-cost">
                    {formatMoney(data.totals.cost, currency)}
                  </Typography>
                  <Typography variant="pi" textColor="neutral600" data-testid="wa-stats-free">
                    {t('inbox.stats.billableFree', '{billable} billed · {free} free', { billable: data.totals.billable, free: data.totals.free })}
                  </Typography>
                </Box>
              </Flex>
              {meta && (
                <Typography variant="pi" textColor="neutral600" data-testid="wa-stats-rate-card">
                  {t('inbox.stats.rateCard', 'Cost from the rate card of {date} ({currency}); Meta bills the final amount.', { date: meta.rateCardAsOf, currency })}
                  {meta.defaultRateCountries.length > 0 &&
                    ` ${t('inbox.stats.defaultRate', 'Priced with the default rate (country not on the card): {countries}.', { countries: meta.defaultRateCountries.join(', ') })}`}
                </Typography>
              )}
              <Box background="neutral0" padding={4} hasRadius shadow="tableShadow">
                {rows.length === 0 ? (
                  <Typography textColor="neutral600">{t('inbox.stats.empty', 'No messages were sent in this period.')}</Typography>
                ) : (
                  <DeliveryChart rows={rows} title={t('inbox.stats.chart', 'Delivery by {group}', { group: t(`inbox.stats.by.${groupBy}`, groupBy) })} />
                )}
              </Box>
              {rows.length > 0 && (
                <Table colCount={9} rowCount={rows.length + 1}>
                  <Thead>
                    <Tr>
                      <Th><Typography variant="sigma">{t(`inbox.stats.by.${groupBy}`, groupBy)}</Typography></Th>
                      {(['total', 'sent', 'delivered', 'read', 'failed'] as const).map((key) => (
                        <Th key={key}><Typography variant="sigma">{t(`inbox.stats.${key}`, key)}</Typography></Th>
                      ))}
                      {COST_KEYS.map((key) => (
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
                        {COST_KEYS.map((key) => (
                          <Td key={key}>
                            <Typography data-testid={`wa-stats-row-${key}`}>{costCell(key, row.counts)}</Typography>
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

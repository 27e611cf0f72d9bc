import { Box, Button, EmptyStateLayout, Flex, Loader, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { useState } from 'react';
import type { AuditEntryView, AuditSubject, AuditValues } from '../../../../shared/contracts/audit';
import { useAuditLog } from '../../api/audit';
import { useT, type Translate } from '../../hooks/use-t';
import { useFormatDate } from '../../utils/format-date';

const PAGE_SIZE = 10;

/** `name: Old → New`, one line per changed field; booleans and empty values in words. */
function describeValues(t: Translate, before: AuditValues | null, after: AuditValues | null): string[] {
  const shown = (value: AuditValues[string] | undefined) =>
    value === null || value === undefined || value === ''
      ? t('audit.value.none', 'none')
      : value === true
        ? t('audit.value.on', 'on')
        : value === false
          ? t('audit.value.off', 'off')
          : String(value);
  const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  return fields.map((field) => {
    const label = t(`audit.field.${field}`, field);
    if (!before || !(field in before)) return `${label}: ${shown(after?.[field])}`;
    if (!after || !(field in after)) return `${label}: ${shown(before[field])}`;
    return `${label}: ${shown(before[field])} → ${shown(after[field])}`;
  });
}

const ACTION_LABELS: Record<AuditEntryView['action'], string> = {
  'number.assigned': 'Number assigned',
  'number.unassigned': 'Number unassigned',
  'tenant.settings-changed': 'Tenant settings changed',
  'tenant.members-changed': 'Tenant members changed',
  'account.created': 'Account added',
  'account.updated': 'Account edited',
  'account.secret-rotated': 'Secret rotated',
  'account.deleted': 'Account deleted',
  'automation.enabled': 'Rule switched on',
  'automation.disabled': 'Rule switched off',
  'template.submitted': 'Template submitted',
  'template.deleted': 'Template deleted',
  'customer.exported': 'Customer data exported',
  'customer.erased': 'Customer erased',
  'customer.blocked': 'Customer blocked on WhatsApp',
  'customer.unblocked': 'Customer unblocked on WhatsApp',
};

/**
 * The audit log on the page of what it audits: who changed what and when, before → after,
 * newest first, ten at a time. `subjectType` narrows it to one kind (tenants on the numbers page).
 */
export function AuditLog({ subjectType, title }: { subjectType?: AuditSubject; title?: string }) {
  const t = useT();
  const format = useFormatDate();
  const [page, setPage] = useState(1);
  const audit = useAuditLog({ subjectType, page, pageSize: PAGE_SIZE });
  const entries = audit.data?.data ?? [];
  const pagination = audit.data?.meta.pagination;
  const heading = title ?? t('audit.title', 'Audit log');

  return (
    <Box background="neutral0" hasRadius shadow="tableShadow" padding={6} tag="section" aria-label={heading}>
      <Flex justifyContent="space-between" alignItems="baseline" paddingBottom={4} gap={4} wrap="wrap">
        <Typography variant="delta" tag="h2">{heading}</Typography>
        {audit.data ? (
          <Typography variant="pi" textColor="neutral600">
            {t('audit.retention', 'Entries are kept for {days} days (WHATSAPP_AUDIT_RETENTION_DAYS).', { days: audit.data.meta.retentionDays })}
          </Typography>
        ) : null}
      </Flex>
      {audit.isLoading ? (
        <Loader>{t('audit.loading', 'Loading the audit log…')}</Loader>
      ) : audit.isError ? (
        <EmptyStateLayout
          content={t('audit.error', 'The audit log could not be loaded.')}
          action={<Button variant="secondary" onClick={() => audit.refetch()}>{t('audit.retry', 'Retry')}</Button>}
        />
      ) : !entries.length ? (
        <EmptyStateLayout content={t('audit.empty', 'Nothing changed yet.')} />
      ) : (
        <>
          <Table colCount={4} rowCount={entries.length + 1}>
            <Thead>
              <Tr>
                <Th><Typography variant="sigma">{t('audit.column.when', 'When')}</Typography></Th>
                <Th><Typography variant="sigma">{t('audit.column.who', 'Who')}</Typography></Th>
                <Th><Typography variant="sigma">{t('audit.column.what', 'What')}</Typography></Th>
                <Th><Typography variant="sigma">{t('audit.column.change', 'Change')}</Typography></Th>
              </Tr>
            </Thead>
            <Tbody>
              {entries.map((entry) => (
                <Tr key={entry.id} data-audit-action={entry.action}>
                  <Td><Typography>{format.dateTime(entry.occurredAt)}</Typography></Td>
                  <Td><Typography>{entry.actor?.name ?? t('audit.system', 'System')}</Typography></Td>
                  <Td>
                    <Typography fontWeight="semiBold">{t(`audit.action.${entry.action}`, ACTION_LABELS[entry.action] ?? entry.action)}</Typography>
                    {entry.subject.label ? (
                      <Box><Typography variant="pi" textColor="neutral600">{entry.subject.label}</Typography></Box>
                    ) : null}
                  </Td>
                  <Td>
                    {describeValues(t, entry.before, entry.after).map((line) => (
                      <Box key={line}><Typography variant="pi">{line}</Typography></Box>
                    ))}
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
          {pagination && pagination.pageCount > 1 ? (
            <Flex justifyContent="flex-end" gap={2} paddingTop={4}>
              <Button variant="tertiary" disabled={page <= 1} onClick={() => setPage(page - 1)}>{t('audit.page.previous', 'Previous')}</Button>
              <Typography variant="pi">{t('audit.page.of', 'Page {page} of {count}', { page, count: pagination.pageCount })}</Typography>
              <Button variant="tertiary" disabled={page >= pagination.pageCount} onClick={() => setPage(page + 1)}>{t('audit.page.next', 'Next')}</Button>
            </Flex>
          ) : null}
        </>
      )}
    </Box>
  );
}

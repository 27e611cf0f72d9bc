import {
  Box,
  Button,
  EmptyStateLayout,
  Flex,
  Loader,
  Searchbar,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { useEffect, useState } from 'react';
import { TENANT_STATUSES, type PhoneNumberView, type TenantStatus } from '../../../../shared/contracts/numbers';
import { useTenants } from '../../api/numbers';
import { useT } from '../../hooks/use-t';
import { TenantRow } from './TenantRow';

const PAGE_SIZE = 20;
const STATUS_LABELS: Record<TenantStatus, string> = {
  configured: 'Configured',
  not_configured: 'Not configured',
  disabled: 'Disabled',
};

/** Tenants with search, status filter and pagination (the server pages: hundreds of tenants are fine). */
export function TenantsSection({ freeNumbers, canAssign }: { freeNumbers: PhoneNumberView[]; canAssign: boolean }) {
  const t = useT();
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<TenantStatus | ''>('');
  const [page, setPage] = useState(1);

  // Search as you type, once the typing pauses.
  useEffect(() => {
    const timer = setTimeout(() => {
      setQ(search.trim());
      setPage(1);
    }, 300);
    return () => clearTimeout(timer);
  }, [search]);

  const { data, isLoading, isError, refetch, isFetching } = useTenants({
    ...(q ? { q } : {}),
    ...(status ? { status } : {}),
    page,
    pageSize: PAGE_SIZE,
  });
  const pagination = data?.meta.pagination;

  return (
    <Box background="neutral0" hasRadius shadow="tableShadow" padding={6}>
      <Flex justifyContent="space-between" alignItems="flex-end" gap={4} paddingBottom={4} wrap="wrap">
        <Typography variant="delta" tag="h2">{t('numbers.tenants.title', 'Tenants')}</Typography>
        <Flex gap={2} alignItems="flex-end">
          <Box width="280px">
            <Searchbar
              name="tenant-search"
              value={search}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) => setSearch(e.target.value)}
              onClear={() => setSearch('')}
              clearLabel={t('numbers.tenants.clearSearch', 'Clear the search')}
              placeholder={t('numbers.tenants.search', 'Search tenants or numbers')}
            >
              {t('numbers.tenants.search', 'Search tenants or numbers')}
            </Searchbar>
          </Box>
          <SingleSelect
            aria-label={t('numbers.tenants.statusFilter', 'Filter by status')}
            placeholder={t('numbers.tenants.allStatuses', 'All statuses')}
            value={status}
            onClear={() => setStatus('')}
            onChange={(value: string | number) => {
              setStatus(value as TenantStatus);
              setPage(1);
            }}
          >
            {TENANT_STATUSES.map((s) => (
              <SingleSelectOption key={s} value={s}>
                {t(`numbers.status.${s}`, STATUS_LABELS[s])}
              </SingleSelectOption>
            ))}
          </SingleSelect>
        </Flex>
      </Flex>

      {isLoading ? (
        <Flex justifyContent="center" padding={6}>
          <Loader>{t('numbers.loading', 'Loading…')}</Loader>
        </Flex>
      ) : isError ? (
        <EmptyStateLayout
          content={t('numbers.tenants.error', 'The tenants could not be loaded.')}
          action={<Button variant="secondary" onClick={() => refetch()}>{t('numbers.retry', 'Retry')}</Button>}
        />
      ) : !data?.data.length ? (
        <EmptyStateLayout
          content={
            q || status
              ? t('numbers.tenants.noMatch', 'No tenant matches this search.')
              : t('numbers.tenants.empty', 'No tenants yet. Create them in the content manager (WhatsApp tenant).')
          }
        />
      ) : (
        <>
          <Table colCount={7} rowCount={data.data.length + 1}>
            <Thead>
              <Tr>
                <Th><Typography variant="sigma">{t('numbers.tenants.name', 'Tenant')}</Typography></Th>
                <Th><Typography variant="sigma">{t('numbers.tenants.whatsapp', 'WhatsApp')}</Typography></Th>
                <Th><Typography variant="sigma">{t('numbers.tenants.language', 'Language')}</Typography></Th>
                <Th><Typography variant="sigma">{t('numbers.tenants.number', 'Number')}</Typography></Th>
                <Th><Typography variant="sigma">{t('numbers.tenants.status', 'Status')}</Typography></Th>
                <Th><Typography variant="sigma">{t('numbers.tenants.team', 'Team')}</Typography></Th>
                <Th><Typography variant="sigma">{t('numbers.tenants.actions', 'Actions')}</Typography></Th>
              </Tr>
            </Thead>
            <Tbody>
              {data.data.map((tenant) => (
                <TenantRow key={tenant.id} tenant={tenant} freeNumbers={freeNumbers} canAssign={canAssign} />
              ))}
            </Tbody>
          </Table>
          {pagination ? (
            <Flex justifyContent="space-between" paddingTop={4}>
              <Typography variant="pi" textColor="neutral600">
                {t('numbers.tenants.total', '{total} tenants', { total: pagination.total })}
              </Typography>
              <Flex gap={2}>
                <Button variant="tertiary" disabled={page <= 1 || isFetching} onClick={() => setPage(page - 1)}>
                  {t('numbers.page.previous', 'Previous')}
                </Button>
                <Typography>
                  {t('numbers.page.of', 'Page {page} of {count}', { page, count: Math.max(pagination.pageCount, 1) })}
                </Typography>
                <Button
                  variant="tertiary"
                  disabled={page >= pagination.pageCount || isFetching}
                  onClick={() => setPage(page + 1)}
                >
                  {t('numbers.page.next', 'Next')}
                </Button>
              </Flex>
            </Flex>
          ) : null}
        </>
      )}
    </Box>
  );
}

import { Box, Button, EmptyStateLayout, Flex, Loader, Typography } from '@strapi/design-system';
import { ArrowClockwise } from '@strapi/icons';
import { Layouts, Page, useAPIErrorHandler, useNotification, useRBAC } from '@strapi/strapi/admin';
import { usePhoneNumbers, useSyncNumbers } from '../../api/numbers';
import { AuditLog } from '../../components/AuditLog';
import { PERMISSIONS } from '../../constants';
import { useT } from '../../hooks/use-t';
import { PhoneNumbersTable } from './PhoneNumbersTable';
import { TenantsSection } from './TenantsSection';

/**
 * Numbers and tenants: the numbers synced from Meta with their quality, and each tenant with its
 * number. Buttons the user's role may not use are not shown (the server refuses them anyway).
 */
function NumbersContent() {
  const t = useT();
  const { toggleNotification } = useNotification();
  const { formatAPIError } = useAPIErrorHandler();
  const { allowedActions } = useRBAC([...PERMISSIONS.numbersAssign, ...PERMISSIONS.numbersSync, ...PERMISSIONS.auditRead]);
  const can = allowedActions as Record<string, boolean>;
  const numbers = usePhoneNumbers();
  const sync = useSyncNumbers();

  const onSync = () =>
    sync.mutate(undefined, {
      onSuccess: (result) => {
        const failed = result.accounts.filter((a) => !a.ok);
        for (const account of failed) {
          toggleNotification({
            type: 'danger',
            message: t('numbers.sync.failed', 'Sync of {account} failed: {reason}', {
              account: account.name,
              reason: account.error?.message ?? '',
            }),
          });
        }
        if (!failed.length) {
          const count = result.accounts.reduce((sum, a) => sum + a.created + a.updated, 0);
          toggleNotification({ type: 'success', message: t('numbers.sync.done', '{count} numbers synced from Meta', { count }) });
        }
      },
      onError: (error) => toggleNotification({ type: 'danger', message: formatAPIError(error as any) }),
    });

  const freeNumbers = (numbers.data ?? []).filter((n) => !n.tenant && !n.missingAtMeta);

  return (
    <Layouts.Root>
      <Page.Title>{t('numbers.title', 'Numbers and tenants')}</Page.Title>
      <Layouts.Header
        title={t('numbers.title', 'Numbers and tenants')}
        subtitle={t('numbers.subtitle', 'Sync the phone numbers of your WhatsApp accounts and give each tenant one.')}
        primaryAction={
          can.canNumbersSync ? (
            <Button startIcon={<ArrowClockwise />} loading={sync.isPending} onClick={onSync}>
              {t('numbers.sync.button', 'Sync numbers')}
            </Button>
          ) : undefined
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          <Box background="neutral0" hasRadius shadow="tableShadow" padding={6}>
            <Box paddingBottom={4}>
              <Typography variant="delta" tag="h2">{t('numbers.numbers.title', 'Phone numbers')}</Typography>
            </Box>
            {numbers.isLoading ? (
              <Flex justifyContent="center" padding={6}>
                <Loader>{t('numbers.loading', 'Loading…')}</Loader>
              </Flex>
            ) : numbers.isError ? (
              <EmptyStateLayout
                content={t('numbers.numbers.error', 'The phone numbers could not be loaded.')}
                action={<Button variant="secondary" onClick={() => numbers.refetch()}>{t('numbers.retry', 'Retry')}</Button>}
              />
            ) : (
              <PhoneNumbersTable numbers={numbers.data ?? []} />
            )}
          </Box>
          <TenantsSection freeNumbers={freeNumbers} canAssign={Boolean(can.canNumbersAssign)} />
          {can.canAuditRead ? <AuditLog subjectType="tenant" title={t('audit.tenants.title', 'Audit log of tenants')} /> : null}
        </Flex>
      </Layouts.Content>
    </Layouts.Root>
  );
}

export function NumbersPage() {
  return (
    <Page.Protect permissions={PERMISSIONS.numbersRead}>
      <NumbersContent />
    </Page.Protect>
  );
}

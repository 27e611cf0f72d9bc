import { Badge, Box, Button, Dialog, EmptyStateLayout, Flex, Loader, Switch, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { WarningCircle } from '@strapi/icons';
import { ConfirmDialog, useAPIErrorHandler, useNotification } from '@strapi/strapi/admin';
import { useState } from 'react';
import type { AccountView } from '../../../../shared/contracts/accounts';
import { useAccounts, useAccountTest, useDeleteAccount, useUpdateAccount } from '../../api/accounts';
import { useT } from '../../hooks/use-t';
import { AddAccountDialog, RotateTokenDialog } from './AccountDialogs';

/** An account's connection, from a live call to Meta when the page shows it. */
function ConnectionStatus({ account }: { account: AccountView }) {
  const t = useT();
  const test = useAccountTest(account.id, true);
  if (test.isLoading) return <Loader small>{t('settings.accounts.testing', 'Testing…')}</Loader>;
  const result = test.data;
  const ok = result?.ok ?? account.connectionStatus === 'connected';
  return (
    <Flex direction="column" alignItems="flex-start" gap={1}>
      <Badge backgroundColor={ok ? 'success100' : 'danger100'} textColor={ok ? 'success700' : 'danger700'}>
        {ok ? t('settings.accounts.connected', 'Connected') : t('settings.accounts.error', 'Not connected')}
      </Badge>
      {!ok && (result?.error || account.lastError) ? (
        <Typography variant="pi" textColor="danger600">
          {result?.error ? `${result.error.title}: ${result.error.message}` : account.lastError}
        </Typography>
      ) : null}
      <Button variant="ghost" size="S" loading={test.isFetching} onClick={() => test.refetch()}>
        {t('settings.accounts.test', 'Test again')}
      </Button>
    </Flex>
  );
}

const secretLabel = (set: boolean, last4: string | null, notSet: string) => (set ? `••••${last4 ?? ''}` : notSet);

export function AccountsSection() {
  const t = useT();
  const accounts = useAccounts(true);
  const remove = useDeleteAccount();
  const update = useUpdateAccount();
  const { toggleNotification } = useNotification();
  const { formatAPIError } = useAPIErrorHandler();
  const [toDelete, setToDelete] = useState<AccountView | null>(null);

  return (
    <Box background="neutral0" hasRadius shadow="tableShadow" padding={6}>
      <Flex justifyContent="space-between" paddingBottom={4}>
        <Typography variant="delta" tag="h2">{t('settings.accounts.title', 'Business accounts')}</Typography>
        <AddAccountDialog />
      </Flex>
      {accounts.isLoading ? (
        <Loader>{t('settings.loading', 'Loading…')}</Loader>
      ) : accounts.isError ? (
        <EmptyStateLayout content={t('settings.accounts.loadError', 'The accounts could not be loaded.')} />
      ) : !accounts.data?.length ? (
        <EmptyStateLayout
          content={t('settings.accounts.empty', 'No account yet. Set the WHATSAPP_* variables for the master account, or add a dedicated one.')}
        />
      ) : (
        <Table colCount={7} rowCount={accounts.data.length + 1}>
          <Thead>
            <Tr>
              <Th><Typography variant="sigma">{t('settings.accounts.name', 'Name')}</Typography></Th>
              <Th><Typography variant="sigma">{t('settings.accounts.kind', 'Kind')}</Typography></Th>
              <Th><Typography variant="sigma">{t('settings.accounts.accessToken', 'Access token')}</Typography></Th>
              <Th><Typography variant="sigma">{t('settings.accounts.appSecret', 'App secret')}</Typography></Th>
              <Th><Typography variant="sigma">{t('settings.accounts.connection', 'Connection')}</Typography></Th>
              <Th><Typography variant="sigma">{t('settings.accounts.marketingMessages', 'Marketing Messages API')}</Typography></Th>
              <Th><Typography variant="sigma">{t('settings.accounts.actions', 'Actions')}</Typography></Th>
            </Tr>
          </Thead>
          <Tbody>
            {accounts.data.map((account) => (
              <Tr key={account.id} aria-label={account.name}>
                <Td>
                  <Typography fontWeight="semiBold">{account.name}</Typography>
                  <Box><Typography variant="pi" textColor="neutral600">WABA {account.wabaId} · {account.phoneNumberCount} {t('settings.accounts.numbers', 'numbers')}</Typography></Box>
                </Td>
                <Td>
                  <Typography>
                    {account.isMaster
                      ? t('settings.accounts.master', 'Shared (master, from environment)')
                      : t('settings.accounts.dedicated', 'Dedicated')}
                  </Typography>
                </Td>
                <Td><Typography>{secretLabel(account.accessTokenSet, account.accessTokenLast4, t('settings.accounts.notSet', 'Not set'))}</Typography></Td>
                <Td><Typography>{secretLabel(account.appSecretSet, account.appSecretLast4, t('settings.accounts.notSet', 'Not set'))}</Typography></Td>
                <Td><ConnectionStatus account={account} /></Td>
                <Td>
                  <Flex direction="column" alignItems="flex-start" gap={1}>
                    <Switch
                      aria-label={t('settings.accounts.marketingMessagesFor', 'Marketing Messages API for {name}', { name: account.name })}
                      checked={account.marketingMessagesEnabled}
                      disabled={update.isPending}
                      onCheckedChange={(checked: boolean) =>
                        update.mutate(
                          { id: account.id, marketingMessagesEnabled: checked },
                          { onError: (error) => toggleNotification({ type: 'danger', message: formatAPIError(error as any) }) }
                        )
                      }
                    />
                    <Typography variant="pi" textColor="neutral600">
                      {t('settings.accounts.marketingMessagesHint', 'MARKETING templates go to /marketing_messages; turn on once the account is onboarded at Meta.')}
                    </Typography>
                  </Flex>
                </Td>
                <Td>
                  {account.isMaster ? (
                    <Typography variant="pi" textColor="neutral600">{t('settings.accounts.fromEnv', 'Change in the environment')}</Typography>
                  ) : (
                    <Flex gap={2}>
                      <RotateTokenDialog account={account} />
                      <Button variant="danger-light" size="S" onClick={() => setToDelete(account)}>
                        {t('settings.accounts.delete', 'Delete')}
                      </Button>
                    </Flex>
                  )}
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
      <Dialog.Root open={toDelete !== null} onOpenChange={(open: boolean) => !open && setToDelete(null)}>
        <ConfirmDialog
          variant="danger-light"
          icon={<WarningCircle />}
          onConfirm={() => {
            if (!toDelete) return;
            remove.mutate(toDelete.id, {
              onError: (error) => toggleNotification({ type: 'danger', message: formatAPIError(error as any) }),
            });
          }}
        >
          {t('settings.accounts.deleteConfirm', 'Delete {name} and its numbers from Strapi? Nothing changes at Meta.', {
            name: toDelete?.name ?? '',
          })}
        </ConfirmDialog>
      </Dialog.Root>
    </Box>
  );
}

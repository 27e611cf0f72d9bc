import { Button, Dialog, Field, Flex, TextInput } from '@strapi/design-system';
import { useAPIErrorHandler, useNotification } from '@strapi/strapi/admin';
import { useState } from 'react';
import type { AccountView } from '../../../../shared/contracts/accounts';
import { useCreateAccount, useUpdateAccount } from '../../api/accounts';
import { useT } from '../../hooks/use-t';

function useFail() {
  const { toggleNotification } = useNotification();
  const { formatAPIError } = useAPIErrorHandler();
  return (error: unknown) => toggleNotification({ type: 'danger', message: formatAPIError(error as any) });
}

/** Adds a dedicated account (a tenant's own WABA). Secrets go to the server once and never come back. */
export function AddAccountDialog() {
  const t = useT();
  const fail = useFail();
  const { toggleNotification } = useNotification();
  const create = useCreateAccount();
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState({ name: '', wabaId: '', accessToken: '', appSecret: '', apiVersion: '' });
  const set = (key: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [key]: e.target.value });

  const submit = () =>
    create.mutate(
      {
        name: form.name,
        wabaId: form.wabaId,
        accessToken: form.accessToken,
        ...(form.appSecret ? { appSecret: form.appSecret } : {}),
        ...(form.apiVersion ? { apiVersion: form.apiVersion } : {}),
      },
      {
        onSuccess: (account) => {
          toggleNotification({ type: 'success', message: t('settings.accounts.added', 'Account {name} added', { name: account.name }) });
          setForm({ name: '', wabaId: '', accessToken: '', appSecret: '', apiVersion: '' });
          setOpen(false);
        },
        onError: fail,
      }
    );

  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger>
        <Button variant="secondary">{t('settings.accounts.add', 'Add a dedicated account')}</Button>
      </Dialog.Trigger>
      <Dialog.Content>
        <Dialog.Header>{t('settings.accounts.add', 'Add a dedicated account')}</Dialog.Header>
        <Dialog.Body>
          <Flex direction="column" alignItems="stretch" gap={4} width="100%">
            <Field.Root required>
              <Field.Label>{t('settings.accounts.name', 'Name')}</Field.Label>
              <TextInput value={form.name} onChange={set('name')} />
            </Field.Root>
            <Field.Root required hint={t('settings.accounts.wabaHint', 'WhatsApp Business Account id, digits only')}>
              <Field.Label>{t('settings.accounts.wabaId', 'WABA id')}</Field.Label>
              <TextInput value={form.wabaId} onChange={set('wabaId')} inputMode="numeric" />
              <Field.Hint />
            </Field.Root>
            <Field.Root required hint={t('settings.accounts.tokenHint', 'A system-user token; stored encrypted, never shown again')}>
              <Field.Label>{t('settings.accounts.accessToken', 'Access token')}</Field.Label>
              <TextInput type="password" autoComplete="off" value={form.accessToken} onChange={set('accessToken')} />
              <Field.Hint />
            </Field.Root>
            <Field.Root>
              <Field.Label>{t('settings.accounts.appSecret', 'App secret')}</Field.Label>
              <TextInput type="password" autoComplete="off" value={form.appSecret} onChange={set('appSecret')} />
            </Field.Root>
            <Field.Root hint="v25.0">
              <Field.Label>{t('settings.accounts.apiVersion', 'API version (optional)')}</Field.Label>
              <TextInput value={form.apiVersion} onChange={set('apiVersion')} />
              <Field.Hint />
            </Field.Root>
          </Flex>
        </Dialog.Body>
        <Dialog.Footer>
          <Dialog.Cancel>
            <Button variant="tertiary">{t('settings.cancel', 'Cancel')}</Button>
          </Dialog.Cancel>
          <Button loading={create.isPending} disabled={!form.name || !form.wabaId || !form.accessToken} onClick={submit}>
            {t('settings.accounts.save', 'Save')}
          </Button>
        </Dialog.Footer>
      </Dialog.Content>
    </Dialog.Root>
  );
}

/** Rotates an account's access token in one edit. */
export function RotateTokenDialog({ account }: { account: AccountView }) {
  const t = useT();
  const fail = useFail();
  const { toggleNotification } = useNotification();
  const update = useUpdateAccount();
  const [open, setOpen] = useState(false);
  const [token, setToken] = useState('');

  const submit = () =>
    update.mutate(
      { id: account.id, accessToken: token },
      {
        onSuccess: () => {
          toggleNotification({ type: 'success', message: t('settings.accounts.rotated', 'Token of {name} replaced', { name: account.name }) });
          setToken('');
          setOpen(false);
        },
        onError: fail,
      }
    );

  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger>
        <Button variant="tertiary" size="S">{t('settings.accounts.rotate', 'Rotate token')}</Button>
      </Dialog.Trigger>
      <Dialog.Content>
        <Dialog.Header>{t('settings.accounts.rotateTitle', 'New access token for {name}', { name: account.name })}</Dialog.Header>
        <Dialog.Body>
          <Field.Root required hint={t('settings.accounts.tokenHint', 'A system-user token; stored encrypted, never shown again')} width="100%">
            <Field.Label>{t('settings.accounts.accessToken', 'Access token')}</Field.Label>
            <TextInput type="password" autoComplete="off" value={token} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setToken(e.target.value)} />
            <Field.Hint />
          </Field.Root>
        </Dialog.Body>
        <Dialog.Footer>
          <Dialog.Cancel>
            <Button variant="tertiary">{t('settings.cancel', 'Cancel')}</Button>
          </Dialog.Cancel>
          <Button loading={update.isPending} disabled={!token} onClick={submit}>
            {t('settings.accounts.save', 'Save')}
          </Button>
        </Dialog.Footer>
      </Dialog.Content>
    </Dialog.Root>
  );
}

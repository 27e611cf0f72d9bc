import { Button, Dialog, Flex, SingleSelect, SingleSelectOption, Switch, Td, Tr, Typography } from '@strapi/design-system';
import { WarningCircle } from '@strapi/icons';
import { ConfirmDialog, useAPIErrorHandler, useNotification } from '@strapi/strapi/admin';
import { useState } from 'react';
import type { PhoneNumberView, TenantView } from '../../../../shared/contracts/numbers';
import { useAssignPhone, useUnassignPhone, useUpdateTenantSettings } from '../../api/numbers';
import { QualityBadge } from '../../components/QualityBadge';
import { TenantStatusBadge } from '../../components/TenantStatusBadge';
import { TenantMembers } from './TenantMembers';
import { useT } from '../../hooks/use-t';

/** Template languages offered for a tenant's default language (WhatsApp language codes). */
export const LANGUAGES = ['en', 'es', 'eu', 'ca', 'gl', 'fr', 'de', 'it', 'pt_BR', 'pt_PT', 'en_US', 'en_GB'];

interface Props {
  tenant: TenantView;
  freeNumbers: PhoneNumberView[];
  canAssign: boolean;
}

/** One tenant: WhatsApp switch, language, number (assign from the free ones, unassign with confirmation), team. */
export function TenantRow({ tenant, freeNumbers, canAssign }: Props) {
  const t = useT();
  const { toggleNotification } = useNotification();
  const { formatAPIError } = useAPIErrorHandler();
  const assign = useAssignPhone();
  const unassign = useUnassignPhone();
  const settings = useUpdateTenantSettings();
  const [confirming, setConfirming] = useState(false);

  const fail = (error: unknown) => toggleNotification({ type: 'danger', message: formatAPIError(error as any) });

  const onAssign = (phoneNumberId: string) =>
    assign.mutate(
      { tenantId: tenant.id, phoneNumberId },
      {
        onSuccess: (updated) =>
          toggleNotification({
            type: 'success',
            message: t('numbers.assign.done', '{number} assigned to {tenant}', {
              number: updated.displayPhoneNumber ?? phoneNumberId,
              tenant: tenant.name,
            }),
          }),
        onError: fail,
      }
    );

  const onUnassign = () =>
    unassign.mutate(tenant.id, {
      onSuccess: () =>
        toggleNotification({
          type: 'success',
          message: t('numbers.unassign.done', 'Number removed from {tenant}', { tenant: tenant.name }),
        }),
      onError: fail,
    });

  const languages = LANGUAGES.includes(tenant.defaultLanguage) ? LANGUAGES : [tenant.defaultLanguage, ...LANGUAGES];

  return (
    <Tr aria-label={tenant.name}>
      <Td><Typography fontWeight="semiBold">{tenant.name}</Typography></Td>
      <Td>
        <Switch
          aria-label={t('numbers.tenants.enabledFor', 'WhatsApp for {tenant}', { tenant: tenant.name })}
          checked={tenant.whatsappEnabled}
          disabled={!canAssign || settings.isPending}
          onCheckedChange={(checked: boolean) =>
            settings.mutate({ tenantId: tenant.id, whatsappEnabled: checked }, { onError: fail })
          }
        />
      </Td>
      <Td>
        {canAssign ? (
          <SingleSelect
            aria-label={t('numbers.tenants.languageFor', 'Default language of {tenant}', { tenant: tenant.name })}
            value={tenant.defaultLanguage}
            size="S"
            onChange={(value: string | number) =>
              settings.mutate({ tenantId: tenant.id, defaultLanguage: String(value) }, { onError: fail })
            }
          >
            {languages.map((code) => (
              <SingleSelectOption key={code} value={code}>{code}</SingleSelectOption>
            ))}
          </SingleSelect>
        ) : (
          <Typography>{tenant.defaultLanguage}</Typography>
        )}
      </Td>
      <Td>
        {tenant.phoneNumberId ? (
          <Flex gap={2}>
            <Typography>{tenant.displayPhoneNumber ?? tenant.phoneNumberId}</Typography>
            <QualityBadge rating={tenant.qualityRating} />
          </Flex>
        ) : (
          <Typography textColor="neutral600">{t('numbers.tenants.noNumber', 'No number')}</Typography>
        )}
      </Td>
      <Td><TenantStatusBadge status={tenant.status} /></Td>
      <Td><TenantMembers tenant={tenant} canAssign={canAssign} /></Td>
      <Td>
        {canAssign ? (
          <Flex gap={2}>
            <SingleSelect
              aria-label={t('numbers.assign.label', 'Assign a number to {tenant}', { tenant: tenant.name })}
              placeholder={
                freeNumbers.length
                  ? t('numbers.assign.placeholder', 'Assign a number')
                  : t('numbers.assign.none', 'No free number')
              }
              disabled={!freeNumbers.length || assign.isPending}
              value=""
              size="S"
              onChange={(value: string | number) => onAssign(String(value))}
            >
              {freeNumbers.map((n) => (
                <SingleSelectOption key={n.phoneNumberId} value={n.phoneNumberId}>
                  {`${n.displayPhoneNumber ?? n.phoneNumberId}${n.verifiedName ? ` · ${n.verifiedName}` : ''}`}
                </SingleSelectOption>
              ))}
            </SingleSelect>
            {tenant.phoneNumberId ? (
              <Button variant="danger-light" size="S" loading={unassign.isPending} onClick={() => setConfirming(true)}>
                {t('numbers.unassign.button', 'Unassign')}
              </Button>
            ) : null}
            <Dialog.Root open={confirming} onOpenChange={setConfirming}>
              <ConfirmDialog
                variant="danger-light"
                icon={<WarningCircle />}
                onConfirm={onUnassign}
                title={t('numbers.unassign.title', 'Unassign the number?')}
              >
                {t(
                  'numbers.unassign.confirm',
                  '{tenant} will stop sending and receiving WhatsApp messages on {number} until it gets a number again.',
                  { tenant: tenant.name, number: tenant.displayPhoneNumber ?? tenant.phoneNumberId ?? '' }
                )}
              </ConfirmDialog>
            </Dialog.Root>
          </Flex>
        ) : null}
      </Td>
    </Tr>
  );
}

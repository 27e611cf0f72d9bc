import { Badge, Button, Dialog, Flex, Typography } from '@strapi/design-system';
import { Lock, WarningCircle } from '@strapi/icons';
import { ConfirmDialog, useAPIErrorHandler, useNotification, useRBAC } from '@strapi/strapi/admin';
import { useState } from 'react';
import { useCustomerBlock, useSetCustomerBlock } from '../../api/customer-block';
import { PERMISSIONS } from '../../constants';
import { useT } from '../../hooks/use-t';
import { useFormatDate } from '../../utils/format-date';

/**
 * Blocking a customer on WhatsApp, in their comms tab (docs/customers-blocking.md): the state
 * (blocked since when, by whom) for everyone who reads the conversation, and "Block on WhatsApp"
 * (after a confirmation that says what it does) or "Unblock" for roles with customers-block.
 * Meta's refusal (e.g. the customer has not written in 24 hours) is shown as Meta's reason.
 */
export function CustomerBlockAction({ documentId }: { documentId: string }) {
  const t = useT();
  const dates = useFormatDate();
  const { toggleNotification } = useNotification();
  const { formatAPIError } = useAPIErrorHandler();
  const state = useCustomerBlock(documentId);
  const change = useSetCustomerBlock(documentId);
  const [confirming, setConfirming] = useState(false);
  const rbac = useRBAC(PERMISSIONS.customersBlock);
  const canBlock = Boolean((rbac.allowedActions as Record<string, boolean>).canCustomersBlock);
  if (!state.data) return null;
  const blocked = state.data.blocked;

  const apply = (next: boolean) =>
    change.mutate(next, {
      onSuccess: () =>
        toggleNotification({
          type: 'success',
          message: next ? t('customerBlock.blocked', 'Customer blocked on WhatsApp') : t('customerBlock.unblocked', 'Customer unblocked on WhatsApp'),
        }),
      onError: (error) => toggleNotification({ type: 'danger', message: formatAPIError(error as any) }),
    });

  return (
    <Flex gap={2} wrap="wrap" alignItems="center" data-testid="wa-block-state" data-blocked={blocked}>
      {blocked ? (
        <>
          <Badge backgroundColor="danger100" textColor="danger700">
            {t('customerBlock.badge', 'Blocked on WhatsApp')}
          </Badge>
          <Typography variant="pi" textColor="neutral600">
            {state.data.blockedBy?.name
              ? t('customerBlock.sinceBy', 'since {date}, by {name}', { date: dates.dateTime(state.data.blockedAt!), name: state.data.blockedBy.name })
              : t('customerBlock.since', 'since {date}', { date: dates.dateTime(state.data.blockedAt!) })}
          </Typography>
        </>
      ) : null}
      {canBlock && !rbac.isLoading ? (
        blocked ? (
          <Button variant="tertiary" size="S" loading={change.isPending} onClick={() => apply(false)}>
            {t('customerBlock.unblock', 'Unblock')}
          </Button>
        ) : (
          <>
            <Button variant="danger-light" size="S" startIcon={<Lock />} loading={change.isPending} onClick={() => setConfirming(true)}>
              {t('customerBlock.block', 'Block on WhatsApp')}
            </Button>
            <Dialog.Root open={confirming} onOpenChange={setConfirming}>
              <ConfirmDialog variant="danger" icon={<WarningCircle />} onConfirm={() => apply(true)} title={t('customerBlock.confirmTitle', 'Block this customer on WhatsApp?')}>
                {t(
                  'customerBlock.confirm',
                  'WhatsApp stops their messages to your numbers and nobody here can write to them until they are unblocked. WhatsApp only blocks customers who wrote in the last 24 hours.'
                )}
              </ConfirmDialog>
            </Dialog.Root>
          </>
        )
      ) : null}
    </Flex>
  );
}

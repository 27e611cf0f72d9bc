import { Button, Dialog, Flex } from '@strapi/design-system';
import { Download, Trash, WarningCircle } from '@strapi/icons';
import { ConfirmDialog, useAPIErrorHandler, useNotification, useRBAC } from '@strapi/strapi/admin';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { UID } from '../../../../shared/uids';
import { useEraseCustomer, useExportCustomer } from '../../api/customer-data';
import { PERMISSIONS } from '../../constants';
import { useT } from '../../hooks/use-t';

/** Hands a JSON document to the browser as a file download. */
function download(filename: string, data: unknown) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

/**
 * A customer's data rights in their comms tab (docs/privacy.md): "Export data" downloads everything
 * the plugin holds on them as JSON; "Erase customer", after a confirmation that says what goes,
 * deletes their messages, media files, webhook bodies and identity, and returns to the list.
 * Each button shows only to those whose role has the action.
 */
export function CustomerDataActions({ documentId }: { documentId: string }) {
  const t = useT();
  const navigate = useNavigate();
  const { toggleNotification } = useNotification();
  const { formatAPIError } = useAPIErrorHandler();
  const exporting = useExportCustomer();
  const erasing = useEraseCustomer();
  const [confirming, setConfirming] = useState(false);
  // useRBAC names each answer after the action id: customers-export → canCustomersExport.
  const rbac = useRBAC([...PERMISSIONS.customersExport, ...PERMISSIONS.customersErase]);
  const allowed = rbac.allowedActions as Record<string, boolean>;
  const canExport = Boolean(allowed.canCustomersExport);
  const canErase = Boolean(allowed.canCustomersErase);
  if (rbac.isLoading || (!canExport && !canErase)) return null;

  const fail = (error: unknown) => toggleNotification({ type: 'danger', message: formatAPIError(error as any) });

  const onExport = () =>
    exporting.mutate(documentId, {
      onSuccess: (data) => {
        download(`customer-${documentId}.json`, data);
        toggleNotification({ type: 'success', message: t('customerData.exported', 'Customer data exported ({count} messages)', { count: data.messages.length }) });
      },
      onError: fail,
    });

  const onErase = () =>
    erasing.mutate(documentId, {
      onSuccess: ({ erased }) => {
        toggleNotification({
          type: 'success',
          message: t('customerData.erased', 'Customer erased: {messages} messages and {files} media files deleted', { messages: erased.messages, files: erased.mediaFiles }),
        });
        navigate(`/content-manager/collection-types/${UID.customer}`);
      },
      onError: fail,
    });

  return (
    <Flex gap={2} wrap="wrap">
      {canExport ? (
        <Button variant="tertiary" size="S" startIcon={<Download />} loading={exporting.isPending} onClick={onExport}>
          {t('customerData.export', 'Export data')}
        </Button>
      ) : null}
      {canErase ? (
        <>
          <Button variant="danger-light" size="S" startIcon={<Trash />} loading={erasing.isPending} onClick={() => setConfirming(true)}>
            {t('customerData.erase', 'Erase customer')}
          </Button>
          <Dialog.Root open={confirming} onOpenChange={setConfirming}>
            <ConfirmDialog variant="danger" icon={<WarningCircle />} onConfirm={onErase} title={t('customerData.eraseTitle', 'Erase this customer for good?')}>
              {t(
                'customerData.eraseConfirm',
                'Their messages, media files, the webhook bodies that mention their number and the customer record are deleted. This cannot be undone; the erasure itself is kept in the audit log.'
              )}
            </ConfirmDialog>
          </Dialog.Root>
        </>
      ) : null}
    </Flex>
  );
}

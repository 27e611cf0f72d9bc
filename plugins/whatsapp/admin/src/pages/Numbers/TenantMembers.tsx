import { Box, Button, Checkbox, Flex, Loader, Modal, Switch, Typography } from '@strapi/design-system';
import { useAPIErrorHandler, useNotification } from '@strapi/strapi/admin';
import { useEffect, useState } from 'react';
import type { TenantView } from '../../../../shared/contracts/numbers';
import { useMemberCandidates, useSetTenantMembers, useUpdateTenantSettings } from '../../api/numbers';
import { useT } from '../../hooks/use-t';

/**
 * A tenant's team: who works its conversations (the members) and whether new conversations go to
 * them in turn. The cell lists the members; "Team" opens a dialog to change them.
 */
export function TenantMembers({ tenant, canAssign }: { tenant: TenantView; canAssign: boolean }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const names = tenant.members.map((member) => member.name).join(', ');

  return (
    <Flex direction="column" alignItems="flex-start" gap={1}>
      <Typography textColor={names ? 'neutral800' : 'neutral600'}>{names || t('numbers.members.none', 'No members')}</Typography>
      {tenant.autoAssign ? (
        <Typography variant="pi" textColor="neutral600">{t('numbers.members.inTurn', 'New conversations in turn')}</Typography>
      ) : null}
      {canAssign ? (
        <Button variant="tertiary" size="S" onClick={() => setOpen(true)} aria-label={t('numbers.members.editFor', 'Team of {tenant}', { tenant: tenant.name })}>
          {t('numbers.members.edit', 'Team')}
        </Button>
      ) : null}
      {open ? <MembersDialog tenant={tenant} onClose={() => setOpen(false)} /> : null}
    </Flex>
  );
}

function MembersDialog({ tenant, onClose }: { tenant: TenantView; onClose: () => void }) {
  const t = useT();
  const { toggleNotification } = useNotification();
  const { formatAPIError } = useAPIErrorHandler();
  const candidates = useMemberCandidates(true);
  const setMembers = useSetTenantMembers();
  const settings = useUpdateTenantSettings();
  const [chosen, setChosen] = useState<Set<number>>(() => new Set(tenant.members.map((member) => member.id)));
  const [autoAssign, setAutoAssign] = useState(tenant.autoAssign);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setError(null), [chosen, autoAssign]);

  const toggle = (id: number, on: boolean) =>
    setChosen((previous) => {
      const next = new Set(previous);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  const save = async () => {
    try {
      await setMembers.mutateAsync({ tenantId: tenant.id, userIds: [...chosen] });
      if (autoAssign !== tenant.autoAssign) await settings.mutateAsync({ tenantId: tenant.id, autoAssign });
      toggleNotification({ type: 'success', message: t('numbers.members.saved', 'Team of {tenant} saved', { tenant: tenant.name }) });
      onClose();
    } catch (failure) {
      setError(formatAPIError(failure as any));
    }
  };

  return (
    <Modal.Root open onOpenChange={(next: boolean) => (next ? undefined : onClose())}>
      <Modal.Content aria-describedby={undefined}>
        <Modal.Header>
          <Modal.Title>{t('numbers.members.title', 'Team of {tenant}', { tenant: tenant.name })}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={4}>
            <Typography textColor="neutral600">
              {t('numbers.members.help', 'Members work this tenant’s WhatsApp conversations. Roles decide what each one may do.')}
            </Typography>
            {candidates.isLoading ? (
              <Loader small>{t('numbers.loading', 'Loading…')}</Loader>
            ) : (
              <Box role="group" aria-label={t('numbers.members.list', 'Members')} maxHeight="320px" overflow="auto">
                <Flex direction="column" alignItems="flex-start" gap={2}>
                  {(candidates.data ?? []).map((user) => (
                    <Checkbox key={user.id} checked={chosen.has(user.id)} onCheckedChange={(on: boolean) => toggle(user.id, on === true)}>
                      {user.email ? `${user.name} (${user.email})` : user.name}
                    </Checkbox>
                  ))}
                </Flex>
              </Box>
            )}
            <Flex gap={2}>
              <Switch
                aria-label={t('numbers.members.autoAssign', 'Give new conversations to the members in turn')}
                checked={autoAssign}
                onCheckedChange={(on: boolean) => setAutoAssign(on)}
              />
              <Typography>{t('numbers.members.autoAssign', 'Give new conversations to the members in turn')}</Typography>
            </Flex>
            {error ? (
              <Typography role="alert" textColor="danger600">{error}</Typography>
            ) : null}
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">{t('numbers.members.cancel', 'Cancel')}</Button>
          </Modal.Close>
          <Button onClick={save} loading={setMembers.isPending || settings.isPending}>
            {t('numbers.members.save', 'Save')}
          </Button>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
}

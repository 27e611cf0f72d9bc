import { Box, Flex, Grid, SingleSelect, SingleSelectOption, Switch, Typography } from '@strapi/design-system';
import { useAPIErrorHandler, useNotification } from '@strapi/strapi/admin';
import { Link } from 'react-router-dom';
import type { MyTenant } from '../../../../shared/contracts/my-whatsapp';
import { useMyTenants, useUpdateMyTenant } from '../../api/my-tenants';
import { useT } from '../../hooks/use-t';
import { formatMoney } from '../../utils/format-money';
import { LANGUAGES } from '../../pages/Numbers/TenantRow';
import { PLUGIN_ID } from '../../pluginId';
import { QualityBadge } from '../QualityBadge';
import { TenantStatusBadge } from '../TenantStatusBadge';

/**
 * "My WhatsApp": one card per tenant the user is a member of — the owner's view of their
 * WhatsApp (docs/tenancy.md): configured or not, the number and its quality, WhatsApp on/off and
 * the default language, this month's messages, and the way to their inbox. Nothing for a user who
 * is a member of no tenant (a platform admin keeps the numbers page).
 */
export function MyWhatsApp() {
  const t = useT();
  const tenants = useMyTenants();
  if (!tenants.data?.length) return null;
  return (
    <Flex direction="column" alignItems="stretch" gap={3} tag="section" aria-label={t('my.title', 'My WhatsApp')}>
      <Typography variant="delta" tag="h2">{t('my.title', 'My WhatsApp')}</Typography>
      <Grid.Root gap={4}>
        {tenants.data.map((tenant) => (
          <Grid.Item key={tenant.id} col={6} s={12} direction="column" alignItems="stretch">
            <TenantCard tenant={tenant} />
          </Grid.Item>
        ))}
      </Grid.Root>
    </Flex>
  );
}

function TenantCard({ tenant }: { tenant: MyTenant }) {
  const t = useT();
  const { toggleNotification } = useNotification();
  const { formatAPIError } = useAPIErrorHandler();
  const update = useUpdateMyTenant();
  const change = (body: { whatsappEnabled?: boolean; defaultLanguage?: string }) =>
    update.mutate({ tenantId: tenant.id, ...body }, { onError: (error) => toggleNotification({ type: 'danger', message: formatAPIError(error as any) }) });
  const languages = LANGUAGES.includes(tenant.defaultLanguage) ? LANGUAGES : [tenant.defaultLanguage, ...LANGUAGES];
  const usage = tenant.usage;

  return (
    <Box background="neutral0" hasRadius shadow="tableShadow" padding={5} role="group" aria-label={tenant.name}>
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Flex justifyContent="space-between" gap={2}>
          <Typography variant="beta" tag="h3">{tenant.name}</Typography>
          <TenantStatusBadge status={tenant.status} />
        </Flex>
        <Flex gap={2}>
          {tenant.displayPhoneNumber ? (
            <>
              <Typography>{tenant.displayPhoneNumber}</Typography>
              <QualityBadge rating={tenant.qualityRating} />
            </>
          ) : (
            <Typography textColor="neutral600">{t('my.noNumber', 'No WhatsApp number yet: ask your platform administrator for one.')}</Typography>
          )}
        </Flex>
        <Flex gap={6} wrap="wrap" alignItems="flex-end">
          <Flex gap={2}>
            <Switch
              aria-label={t('my.enabled', 'WhatsApp on')}
              checked={tenant.whatsappEnabled}
              disabled={!tenant.canManage || update.isPending}
              onCheckedChange={(checked: boolean) => change({ whatsappEnabled: checked })}
            />
            <Typography>{t('my.enabled', 'WhatsApp on')}</Typography>
          </Flex>
          <Box width="160px">
            <SingleSelect
              aria-label={t('my.language', 'Language')}
              size="S"
              value={tenant.defaultLanguage}
              disabled={!tenant.canManage || update.isPending}
              onChange={(value: string | number) => change({ defaultLanguage: String(value) })}
            >
              {languages.map((code) => (
                <SingleSelectOption key={code} value={code}>{code}</SingleSelectOption>
              ))}
            </SingleSelect>
          </Box>
        </Flex>
        <Typography variant="pi" textColor="neutral700" data-testid="wa-my-usage">
          {t('my.usage', 'This month: {sent} sent ({read} read, {failed} failed), {received} received, estimated cost {cost}', {
            sent: usage.sent,
            read: usage.read,
            failed: usage.failed,
            received: usage.received,
            cost: formatMoney(usage.cost, usage.currency),
          })}
        </Typography>
        <Link to={`/plugins/${PLUGIN_ID}/inbox?tenant=${encodeURIComponent(tenant.id)}`}>
          <Typography variant="pi" fontWeight="semiBold">{t('my.openInbox', 'Open the inbox')}</Typography>
        </Link>
      </Flex>
    </Box>
  );
}

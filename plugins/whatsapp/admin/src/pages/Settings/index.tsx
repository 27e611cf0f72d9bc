import { Alert, Flex, Loader } from '@strapi/design-system';
import { Layouts, Page, useRBAC } from '@strapi/strapi/admin';
import { QueryClientProvider } from '@tanstack/react-query';
import { useSettings } from '../../api/accounts';
import { AuditLog } from '../../components/AuditLog';
import { pluginQueryClient } from '../../api/query-client';
import { PERMISSIONS } from '../../constants';
import { useT } from '../../hooks/use-t';
import { AccountsSection } from './AccountsSection';
import { WebhookSection } from './WebhookSection';

/** Settings → WhatsApp: mode, webhook values for Meta, and the business accounts with their live status. */
function SettingsContent() {
  const t = useT();
  const settings = useSettings();
  const { allowedActions } = useRBAC([...PERMISSIONS.settingsUpdate, ...PERMISSIONS.accountsManage, ...PERMISSIONS.auditRead]);
  const can = allowedActions as Record<string, boolean>;

  return (
    <Layouts.Root>
      <Page.Title>{t('settings.title', 'WhatsApp settings')}</Page.Title>
      <Layouts.Header title={t('settings.title', 'WhatsApp settings')} subtitle={t('settings.subtitle', 'Connection to Meta’s WhatsApp Cloud API')} />
      <Layouts.Content>
        {settings.isLoading ? (
          <Loader>{t('settings.loading', 'Loading…')}</Loader>
        ) : settings.isError || !settings.data ? (
          <Page.Error />
        ) : (
          <Flex direction="column" alignItems="stretch" gap={6}>
            {settings.data.mode === 'offline' ? (
              <Alert variant="warning" closeLabel={t('settings.close', 'Close')} title={t('settings.mode.offline', 'Offline sandbox mode')}>
                {t('settings.mode.offlineText', 'No Meta credentials are set: messages go to the built-in Cloud API sandbox at {url}. Nothing reaches real phones.', {
                  url: settings.data.sandboxUrl ?? '',
                })}
              </Alert>
            ) : settings.data.mode === 'unconfigured' ? (
              <Alert variant="danger" closeLabel={t('settings.close', 'Close')} title={t('settings.mode.unconfigured', 'Not configured')}>
                {t('settings.mode.unconfiguredText', 'Set WHATSAPP_ACCESS_TOKEN, WHATSAPP_BUSINESS_ACCOUNT_ID and WHATSAPP_PHONE_NUMBER_ID, or add a dedicated account below. Sends answer 503 until then.')}
              </Alert>
            ) : (
              <Alert variant="success" closeLabel={t('settings.close', 'Close')} title={t('settings.mode.live', 'Live')}>
                {t('settings.mode.liveText', 'Connected to Meta’s Graph API ({url}).', { url: settings.data.graphApiUrl })}
              </Alert>
            )}
            <WebhookSection settings={settings.data} canReveal={Boolean(can.canSettingsUpdate)} />
            {can.canAccountsManage ? <AccountsSection /> : null}
            {can.canAuditRead ? <AuditLog /> : null}
          </Flex>
        )}
      </Layouts.Content>
    </Layouts.Root>
  );
}

export default function SettingsPage() {
  return (
    <QueryClientProvider client={pluginQueryClient}>
      <Page.Protect permissions={PERMISSIONS.settingsRead}>
        <SettingsContent />
      </Page.Protect>
    </QueryClientProvider>
  );
}

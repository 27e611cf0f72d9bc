import { Box, Button, Field, Flex, Typography } from '@strapi/design-system';
import { useAPIErrorHandler, useNotification } from '@strapi/strapi/admin';
import type { SettingsView } from '../../../../shared/contracts/settings';
import { useRevealVerifyToken } from '../../api/accounts';
import { useT } from '../../hooks/use-t';

/** What to paste into Meta's App Dashboard: callback URL, verify token, fields; plus the API version. */
export function WebhookSection({ settings, canReveal }: { settings: SettingsView; canReveal: boolean }) {
  const t = useT();
  const reveal = useRevealVerifyToken();
  const { toggleNotification } = useNotification();
  const { formatAPIError } = useAPIErrorHandler();
  const shownToken = reveal.data ?? settings.verifyToken.masked ?? t('settings.webhook.notSet', 'Not set');

  return (
    <Box background="neutral0" hasRadius shadow="tableShadow" padding={6}>
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Typography variant="delta" tag="h2">{t('settings.webhook.title', 'Webhook')}</Typography>
        <Field.Root hint={settings.webhookUrlConfigured ? undefined : t('settings.webhook.guessed', 'Guessed from host and port: set WHATSAPP_PUBLIC_URL to your public HTTPS address.')}>
          <Field.Label>{t('settings.webhook.url', 'Callback URL')}</Field.Label>
          <Typography tag="p" fontWeight="semiBold">{settings.webhookUrl}</Typography>
          <Field.Hint />
        </Field.Root>
        <Flex gap={4} alignItems="flex-end">
          <Box>
            <Typography variant="pi" fontWeight="bold" tag="p">{t('settings.webhook.verifyToken', 'Verify token')}</Typography>
            <Typography tag="p" aria-label={t('settings.webhook.verifyToken', 'Verify token')}>{shownToken}</Typography>
          </Box>
          {canReveal && settings.verifyToken.set && !reveal.data ? (
            <Button
              variant="tertiary"
              size="S"
              loading={reveal.isPending}
              onClick={() =>
                reveal.mutate(undefined, {
                  onError: (error) => toggleNotification({ type: 'danger', message: formatAPIError(error as any) }),
                })
              }
            >
              {t('settings.webhook.reveal', 'Reveal')}
            </Button>
          ) : null}
        </Flex>
        <Box>
          <Typography variant="pi" fontWeight="bold" tag="p">{t('settings.webhook.apiVersion', 'Graph API version')}</Typography>
          <Typography tag="p">{settings.apiVersion}</Typography>
        </Box>
        <Box>
          <Typography variant="pi" fontWeight="bold" tag="p">
            {t('settings.webhook.fields', 'Webhook fields to subscribe (App Dashboard → WhatsApp → Configuration)')}
          </Typography>
          <Box tag="ul" paddingTop={2}>
            {settings.webhookFields.map((f) => (
              <li key={f.field}>
                <Typography>
                  <Typography fontWeight="semiBold">{f.field}</Typography> — {f.why}
                </Typography>
              </li>
            ))}
          </Box>
        </Box>
      </Flex>
    </Box>
  );
}

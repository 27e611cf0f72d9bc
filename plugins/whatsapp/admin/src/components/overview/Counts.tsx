import { Box, Flex, Grid, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { GetOverview } from '../../../../shared/contracts/overview';
import { useT } from '../../hooks/use-t';

const ITEMS: { key: keyof GetOverview.Counts; label: string; alarm?: boolean }[] = [
  { key: 'phoneNumbers', label: 'Phone numbers' },
  { key: 'tenants', label: 'Tenants' },
  { key: 'customers', label: 'Customers' },
  { key: 'messages', label: 'Messages' },
  { key: 'failedMessages', label: 'Failed messages', alarm: true },
  { key: 'pendingWebhookEvents', label: 'Webhook events waiting', alarm: true },
];

/** One tile per count; failures and backlog turn red when not zero. */
export const Counts = ({ counts }: { counts: GetOverview.Counts }) => {
  const { formatNumber } = useIntl();
  const t = useT();
  return (
    <Grid.Root gap={4}>
      {ITEMS.map(({ key, label, alarm }) => {
        const value = counts[key];
        const id = `whatsapp-count-${key}`;
        return (
          <Grid.Item key={key} col={2} s={4} xs={6} alignItems="stretch">
            <Box background="neutral0" hasRadius shadow="tableShadow" padding={5} width="100%" height="100%">
              <Flex direction="column" alignItems="flex-start" gap={1} role="group" aria-labelledby={id}>
                <Typography id={id} variant="sigma" textColor="neutral600">
                  {t(`overview.counts.${key}`, label)}
                </Typography>
                <Typography variant="alpha" tag="p" textColor={alarm && value > 0 ? 'danger600' : 'neutral800'}>
                  {formatNumber(value)}
                </Typography>
                {key === 'tenants' ? (
                  <Typography variant="pi" textColor="neutral600">
                    {t('overview.counts.tenantsEnabled', '{count} with WhatsApp on', { count: counts.tenantsEnabled })}
                  </Typography>
                ) : null}
              </Flex>
            </Box>
          </Grid.Item>
        );
      })}
    </Grid.Root>
  );
};

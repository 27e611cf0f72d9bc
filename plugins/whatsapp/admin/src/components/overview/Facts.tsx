import { Box, Flex, Grid, Typography } from '@strapi/design-system';
import type { GetOverview } from '../../../../shared/contracts/overview';
import { useT } from '../../hooks/use-t';

type Data = GetOverview.Response['data'];

const Fact = ({ label, value }: { label: string; value: string }) => (
  <Flex direction="column" alignItems="flex-start" gap={1}>
    <Typography variant="sigma" textColor="neutral600">
      {label}
    </Typography>
    <Typography>{value}</Typography>
  </Flex>
);

/** API version, master account, default number, notifications switch. */
export const Facts = ({ data }: { data: Data }) => {
  const t = useT();
  const none = t('overview.none', 'Not set');
  const account = data.masterAccount ? `${data.masterAccount.name} (WABA ${data.masterAccount.wabaId})` : none;
  const number = data.defaultNumber
    ? [data.defaultNumber.displayPhoneNumber, data.defaultNumber.verifiedName].filter(Boolean).join(' · ') ||
      data.defaultNumber.phoneNumberId
    : none;

  return (
    <Box background="neutral0" hasRadius shadow="tableShadow" padding={6}>
      <Grid.Root gap={5}>
        <Grid.Item col={3} s={6} xs={12} alignItems="flex-start">
          <Fact label={t('overview.apiVersion', 'Graph API version')} value={data.apiVersion} />
        </Grid.Item>
        <Grid.Item col={3} s={6} xs={12} alignItems="flex-start">
          <Fact label={t('overview.masterAccount', 'Master account')} value={account} />
        </Grid.Item>
        <Grid.Item col={3} s={6} xs={12} alignItems="flex-start">
          <Fact label={t('overview.defaultNumber', 'Default number')} value={number} />
        </Grid.Item>
        <Grid.Item col={3} s={6} xs={12} alignItems="flex-start">
          <Fact
            label={t('overview.notifications', 'Automatic notifications')}
            value={data.notificationsEnabled ? t('overview.on', 'On') : t('overview.off', 'Off')}
          />
        </Grid.Item>
      </Grid.Root>
    </Box>
  );
};

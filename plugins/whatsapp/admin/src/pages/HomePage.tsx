import { Box, Flex, Typography } from '@strapi/design-system';
import { Layouts, Page, useRBAC } from '@strapi/strapi/admin';
import type { ReactNode } from 'react';
import { Counts } from '../components/overview/Counts';
import { Facts } from '../components/overview/Facts';
import { ModeCallout } from '../components/overview/ModeCallout';
import { MyWhatsApp } from '../components/MyWhatsApp';
import { useMyTenants } from '../api/my-tenants';
import { SectionLinks } from '../components/overview/SectionLinks';
import { PERMISSIONS } from '../constants';
import { useOverview } from '../hooks/use-overview';
import { useT } from '../hooks/use-t';

/** The plugin's index route: connection status, counts, and the way to every section. */
const HomePage = () => {
  const t = useT();
  const rbac = useRBAC(PERMISSIONS.settingsRead);
  const canReadStatus = Boolean(rbac.allowedActions.canSettingsRead);
  const overview = useOverview({ enabled: canReadStatus });
  const mine = useMyTenants();
  const isMember = (mine.data?.length ?? 0) > 0;

  let status: ReactNode;
  if (rbac.isLoading || (canReadStatus && overview.isLoading)) {
    status = <Page.Loading />;
  } else if (!canReadStatus) {
    // A tenant's member sees their own WhatsApp (the cards above) instead of the platform's status.
    status = isMember ? null : (
      <Box background="neutral0" hasRadius shadow="tableShadow" padding={6}>
        <Typography>{t('overview.noPermission', 'You need the “Read settings” permission to see the connection status.')}</Typography>
      </Box>
    );
  } else if (overview.isError || !overview.data) {
    status = <Page.Error />;
  } else {
    status = (
      <Flex direction="column" alignItems="stretch" gap={5}>
        <ModeCallout mode={overview.data.mode} />
        <Facts data={overview.data} />
        <Counts counts={overview.data.counts} />
      </Flex>
    );
  }

  return (
    <Page.Main>
      <Page.Title>{t('plugin.name', 'WhatsApp')}</Page.Title>
      <Layouts.Header
        title={t('plugin.name', 'WhatsApp')}
        subtitle={t('overview.subtitle', 'Connection status and activity of the WhatsApp Business integration')}
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          <MyWhatsApp />
          {status}
          <SectionLinks />
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};

export { HomePage };

import { Box, Flex, Status, Typography } from '@strapi/design-system';
import type { GetOverview } from '../../../../shared/contracts/overview';
import { useT } from '../../hooks/use-t';

const LOOK: Record<GetOverview.Mode, { variant: 'success' | 'warning' | 'danger'; background: string; border: string }> = {
  live: { variant: 'success', background: 'success100', border: 'success200' },
  offline: { variant: 'warning', background: 'warning100', border: 'warning200' },
  unconfigured: { variant: 'danger', background: 'danger100', border: 'danger200' },
};

/** Says loudly which backend the plugin talks to: offline must never be mistaken for live. */
export const ModeCallout = ({ mode }: { mode: GetOverview.Mode }) => {
  const t = useT();
  const look = LOOK[mode];
  return (
    <Box
      role="status"
      aria-label={t('overview.mode.label', 'Connection mode')}
      background={look.background}
      borderColor={look.border}
      hasRadius
      padding={5}
    >
      <Flex direction="column" alignItems="flex-start" gap={2}>
        <Status variant={look.variant} size="S">
          <Typography fontWeight="bold">
            {t(`overview.mode.${mode}.title`, mode)}
          </Typography>
        </Status>
        <Typography>{t(`overview.mode.${mode}.body`, '')}</Typography>
      </Flex>
    </Box>
  );
};

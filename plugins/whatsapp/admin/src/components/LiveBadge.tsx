import { Typography } from '@strapi/design-system';
import type { LiveState } from '../hooks/useLiveEvents';
import { useT } from '../hooks/use-t';

/** Whether live updates are flowing (the stream is open) or being re-established. */
export const LiveBadge = ({ state }: { state: LiveState }) => {
  const t = useT();
  return (
    <Typography variant="pi" textColor={state === 'open' ? 'success600' : 'neutral500'} data-testid="wa-live-state" data-state={state}>
      {state === 'open' ? `● ${t('inbox.live.open', 'Live')}` : `○ ${t('inbox.live.connecting', 'Connecting…')}`}
    </Typography>
  );
};

import { useFetchClient } from '@strapi/strapi/admin';
import { useQuery } from '@tanstack/react-query';
import type { GetOverview } from '../../../shared/contracts/overview';
import { PLUGIN_ID } from '../pluginId';

export const overviewKeys = { all: [PLUGIN_ID, 'overview'] as const };

/** GET /whatsapp/overview; refreshed every 30 s so the counts follow incoming traffic. */
export function useOverview({ enabled = true }: { enabled?: boolean } = {}) {
  const { get } = useFetchClient();
  return useQuery({
    queryKey: overviewKeys.all,
    enabled,
    refetchInterval: 30000,
    queryFn: async () => {
      const { data } = await get<GetOverview.Response>(`/${PLUGIN_ID}/overview`);
      return data.data;
    },
  });
}

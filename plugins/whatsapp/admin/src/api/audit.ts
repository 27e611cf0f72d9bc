import { useFetchClient } from '@strapi/strapi/admin';
import { useQuery } from '@tanstack/react-query';
import type { ListAudit } from '../../../shared/contracts/audit';
import { PLUGIN_ID } from '../pluginId';

/** The audit log (`GET /whatsapp/audit`) as a react-query hook; refreshed whenever it is shown. */
export const auditKeys = {
  all: [PLUGIN_ID, 'audit'] as const,
  list: (query: Partial<ListAudit.Query>) => [...auditKeys.all, query] as const,
};

export function useAuditLog(query: Partial<ListAudit.Query>) {
  const { get } = useFetchClient();
  return useQuery({
    queryKey: auditKeys.list(query),
    queryFn: async () => (await get<ListAudit.Response>('/whatsapp/audit', { params: query })).data,
    placeholderData: (previous) => previous,
    refetchOnMount: 'always',
  });
}

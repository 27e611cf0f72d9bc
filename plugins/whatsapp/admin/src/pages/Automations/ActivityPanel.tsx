import { Badge, Flex, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { useAutomationActivity } from '../../api/automations';
import { useT } from '../../hooks/use-t';
import { useFormatDate } from '../../utils/format-date';

const OUTCOME_COLOR: Record<string, string> = { sent: 'success600', duplicate: 'neutral600', failed: 'danger600', skipped: 'neutral600' };

/** The rule's recent runs (sends, repeats of a transition, failures with their reason) and its messages' statuses. */
export const ActivityPanel = ({ automationId }: { automationId: string }) => {
  const dates = useFormatDate();
  const t = useT();
  const { data } = useAutomationActivity(automationId);
  if (!data) return null;
  const statusOf = new Map(data.messages.map((message) => [message.documentId, message.status]));

  return (
    <Flex direction="column" alignItems="stretch" gap={3}>
      <Typography variant="delta" tag="h2">{t('automations.activity.title', 'Recent sends and failures')}</Typography>
      {data.runs.length === 0 ? (
        <Typography textColor="neutral600">{t('automations.activity.empty', 'Nothing yet.')}</Typography>
      ) : (
        <Table colCount={4} rowCount={data.runs.length + 1}>
          <Thead>
            <Tr>
              <Th><Typography variant="sigma">{t('automations.activity.when', 'When')}</Typography></Th>
              <Th><Typography variant="sigma">{t('automations.activity.record', 'Record')}</Typography></Th>
              <Th><Typography variant="sigma">{t('automations.activity.outcome', 'Outcome')}</Typography></Th>
              <Th><Typography variant="sigma">{t('automations.activity.details', 'Details')}</Typography></Th>
            </Tr>
          </Thead>
          <Tbody>
            {data.runs.map((run) => (
              <Tr key={`${run.at}-${run.key}-${run.outcome}`}>
                <Td><Typography variant="pi">{dates.dateTime(run.at)}</Typography></Td>
                <Td><Typography variant="pi">{run.documentId}</Typography></Td>
                <Td>
                  <Typography variant="pi" textColor={OUTCOME_COLOR[run.outcome]}>{t(`automations.outcome.${run.outcome}`, run.outcome)}</Typography>
                </Td>
                <Td>
                  {run.error ? (
                    <Typography variant="pi" textColor={run.outcome === 'skipped' ? 'neutral600' : 'danger600'}>{run.error}</Typography>
                  ) : run.message ? (
                    <Badge>{statusOf.get(run.message) ?? run.message}</Badge>
                  ) : null}
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
    </Flex>
  );
};

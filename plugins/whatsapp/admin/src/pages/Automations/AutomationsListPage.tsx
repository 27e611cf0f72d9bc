import { Badge, Box, Button, EmptyStateLayout, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { Plus } from '@strapi/icons';
import { Layouts, Page } from '@strapi/strapi/admin';
import { Link, useNavigate } from 'react-router-dom';
import { useAutomations } from '../../api/automations';
import { conditionText } from './labels';
import { useT } from '../../hooks/use-t';

const AutomationsListPage = () => {
  const t = useT();
  const navigate = useNavigate();
  const { data, isLoading, isError } = useAutomations();

  if (isLoading) return <Page.Loading />;
  if (isError || !data) return <Page.Error />;

  return (
    <Layouts.Root>
      <Page.Title>{t('automations.title', 'Automations')}</Page.Title>
      <Layouts.Header
        title={t('automations.title', 'Automations')}
        subtitle={t('automations.subtitle', 'Send a WhatsApp template when a record changes')}
        primaryAction={
          <Button startIcon={<Plus />} onClick={() => navigate('new')}>
            {t('automations.create', 'New rule')}
          </Button>
        }
      />
      <Layouts.Content>
        {data.length === 0 ? (
          <EmptyStateLayout content={t('automations.empty', 'No rules yet. Create one to notify customers or suppliers automatically.')} />
        ) : (
          <Table colCount={6} rowCount={data.length + 1}>
            <Thead>
              <Tr>
                <Th><Typography variant="sigma">{t('automations.list.name', 'Name')}</Typography></Th>
                <Th><Typography variant="sigma">{t('automations.list.when', 'When')}</Typography></Th>
                <Th><Typography variant="sigma">{t('automations.list.template', 'Template')}</Typography></Th>
                <Th><Typography variant="sigma">{t('automations.list.sent', 'Sent')}</Typography></Th>
                <Th><Typography variant="sigma">{t('automations.list.failed', 'Failed')}</Typography></Th>
                <Th><Typography variant="sigma">{t('automations.list.status', 'Status')}</Typography></Th>
              </Tr>
            </Thead>
            <Tbody>
              {data.map((rule) => (
                <Tr key={rule.documentId}>
                  <Td>
                    <Link to={rule.documentId}>
                      <Typography fontWeight="bold">{rule.name}</Typography>
                    </Link>
                  </Td>
                  <Td>
                    <Typography>
                      {rule.contentType} · {t(`automations.event.${rule.event}`, rule.event)}
                      {rule.condition ? ` · ${conditionText(rule.condition)}` : ''}
                    </Typography>
                  </Td>
                  <Td>
                    <Typography>{rule.templateName} ({rule.language})</Typography>
                    {rule.templateCategoryChange && (
                      <Box
                        paddingTop={1}
                        title={t(
                          rule.templateCategoryChange.pending ? 'automations.recategorised.pending' : 'automations.recategorised.done',
                          rule.templateCategoryChange.pending
                            ? 'Meta will change this template from {from} to {to}. Check the rule, then save it.'
                            : 'Meta changed this template from {from} to {to}. Check the rule, then save it.',
                          { from: rule.templateCategoryChange.from ?? '?', to: rule.templateCategoryChange.to }
                        )}
                      >
                        <Badge backgroundColor="warning100" textColor="warning700" data-testid="template-recategorised">
                          {t('automations.recategorised.badge', 'Template recategorised')}: {rule.templateCategoryChange.from ?? '?'} → {rule.templateCategoryChange.to}
                        </Badge>
                      </Box>
                    )}
                  </Td>
                  <Td><Typography>{rule.sentCount}</Typography></Td>
                  <Td>
                    <Box title={rule.lastError ?? undefined}>
                      <Typography textColor={rule.failedCount > 0 ? 'danger600' : undefined}>{rule.failedCount}</Typography>
                    </Box>
                  </Td>
                  <Td>
                    <Badge active={rule.enabled}>{rule.enabled ? t('automations.enabled', 'Enabled') : t('automations.disabled', 'Disabled')}</Badge>
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        )}
      </Layouts.Content>
    </Layouts.Root>
  );
};

export { AutomationsListPage };

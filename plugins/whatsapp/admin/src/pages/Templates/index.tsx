import {
  Box,
  Button,
  Dialog,
  Flex,
  IconButton,
  LinkButton,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Td,
  TextInput,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { ArrowClockwise, Pencil, Plus, Trash } from '@strapi/icons';
import { Layouts, Page, useNotification, useRBAC } from '@strapi/strapi/admin';
import { useState } from 'react';
import { Link, Route, Routes } from 'react-router-dom';
import { TEMPLATE_STATUSES, type TemplateSummary } from '../../../../shared/contracts/templates';
import { apiError, useDeleteTemplate, useSyncTemplates, useTemplates } from '../../api/templates';
import { TemplateStatusBadge } from '../../components/TemplateStatusBadge';
import { PERMISSIONS } from '../../constants';
import { useT } from '../../hooks/use-t';
import { ProtectedTemplateFormPage } from './TemplateFormPage';

const PAGE_SIZE = 25;

/**
 * All templates of all accounts: review status, category changes, usage, filters, a manual sync
 * and delete. "New template" and each row's edit open the template form (TemplateFormPage).
 */
function TemplatesList() {
  const t = useT();
  const { toggleNotification } = useNotification();
  const { allowedActions } = useRBAC(PERMISSIONS.templatesManage);
  const canManage = Boolean((allowedActions as Record<string, boolean>).canTemplatesManage);

  const [status, setStatus] = useState<string>('');
  const [language, setLanguage] = useState('');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const query = {
    ...(status ? { status: status as TemplateSummary['status'] } : {}),
    ...(language.trim() ? { language: language.trim() } : {}),
    ...(q.trim() ? { q: q.trim() } : {}),
    page,
    pageSize: PAGE_SIZE,
  };
  const { data, isLoading, error } = useTemplates(query);
  const sync = useSyncTemplates();
  const remove = useDeleteTemplate();
  const [toDelete, setToDelete] = useState<TemplateSummary | null>(null);

  const onSync = () =>
    sync.mutate(undefined, {
      onSuccess: (result) => {
        const problems = result.accounts.filter((a) => a.error);
        if (problems.length > 0) {
          toggleNotification({ type: 'warning', message: problems.map((a) => `${a.account.name ?? a.account.wabaId}: ${a.error}`).join(' ') });
        } else {
          const total = result.accounts.reduce((n, a) => n + a.listed, 0);
          toggleNotification({ type: 'success', message: t('templates.sync.done', 'Synced {count} templates from WhatsApp.', { count: total }) });
        }
      },
      onError: (err) => toggleNotification({ type: 'danger', message: apiError(err).message }),
    });

  const onDelete = () => {
    if (!toDelete) return;
    remove.mutate(toDelete.documentId, {
      onSuccess: () => toggleNotification({ type: 'success', message: t('templates.delete.done', 'Template deleted.') }),
      onError: (err) => toggleNotification({ type: 'danger', message: apiError(err).message }),
      onSettled: () => setToDelete(null),
    });
  };

  if (error) return <Page.Error />;
  const rows = data?.data ?? [];
  const pagination = data?.meta.pagination;

  return (
    <Layouts.Root>
      <Page.Title>{t('templates.title', 'WhatsApp templates')}</Page.Title>
      <Layouts.Header
        title={t('templates.title', 'WhatsApp templates')}
        subtitle={t('templates.subtitle', 'Author drafts, submit them to Meta and follow their review.')}
        primaryAction={
          <Flex gap={2}>
            {canManage && (
              <Button variant="secondary" startIcon={<ArrowClockwise />} onClick={onSync} loading={sync.isPending}>
                {t('templates.sync.button', 'Sync from WhatsApp')}
              </Button>
            )}
            <LinkButton tag={Link} to="new" startIcon={<Plus />}>
              {t('templates.create', 'New template')}
            </LinkButton>
          </Flex>
        }
      />
      <Layouts.Content>
        <Flex gap={4} paddingBottom={4} alignItems="flex-end">
          <Box width="240px">
            <SingleSelect
              aria-label={t('templates.filter.status', 'Status')}
              placeholder={t('templates.filter.anyStatus', 'Any status')}
              value={status}
              onChange={(value: string | number) => {
                setStatus(String(value));
                setPage(1);
              }}
              onClear={() => setStatus('')}
            >
              {TEMPLATE_STATUSES.map((s) => (
                <SingleSelectOption key={s} value={s}>
                  {t(`templates.status.${s}`, s)}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Box>
          <Box width="160px">
            <TextInput
              aria-label={t('templates.filter.language', 'Language')}
              placeholder={t('templates.filter.language', 'Language')}
              value={language}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) => {
                setLanguage(e.target.value);
                setPage(1);
              }}
            />
          </Box>
          <Box width="240px">
            <TextInput
              aria-label={t('templates.filter.name', 'Name')}
              placeholder={t('templates.filter.name', 'Name')}
              value={q}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) => {
                setQ(e.target.value);
                setPage(1);
              }}
            />
          </Box>
        </Flex>
        {isLoading ? (
          <Page.Loading />
        ) : rows.length === 0 ? (
          <Box padding={8} background="neutral0" hasRadius>
            <Typography>{t('templates.empty', 'No templates yet. Create one, or sync those made in WhatsApp Manager.')}</Typography>
          </Box>
        ) : (
          <Table colCount={7} rowCount={rows.length + 1}>
            <Thead>
              <Tr>
                <Th><Typography variant="sigma">{t('templates.col.name', 'Name')}</Typography></Th>
                <Th><Typography variant="sigma">{t('templates.col.language', 'Language')}</Typography></Th>
                <Th><Typography variant="sigma">{t('templates.col.category', 'Category')}</Typography></Th>
                <Th><Typography variant="sigma">{t('templates.col.status', 'Status')}</Typography></Th>
                <Th><Typography variant="sigma">{t('templates.col.usage', 'Sent / delivered / read / failed')}</Typography></Th>
                <Th><Typography variant="sigma">{t('templates.col.account', 'Account')}</Typography></Th>
                <Th><Typography variant="sigma">{t('templates.col.actions', 'Actions')}</Typography></Th>
              </Tr>
            </Thead>
            <Tbody>
              {rows.map((template) => (
                <Tr key={template.documentId} data-testid="template-row" data-name={template.name}>
                  <Td><Typography fontWeight="bold">{template.name}</Typography></Td>
                  <Td><Typography>{template.language}</Typography></Td>
                  <Td>
                    <Typography>{template.category}</Typography>
                    {template.previousCategory && template.previousCategory !== template.category && (
                      <Typography variant="pi" textColor="warning700" tag="p">
                        {t('templates.recategorised', 'was {from}', { from: template.previousCategory })}
                      </Typography>
                    )}
                  </Td>
                  <Td>
                    <TemplateStatusBadge status={template.status} />
                    {template.status === 'REJECTED' && template.rejectionReason && (
                      <Typography variant="pi" textColor="danger600" tag="p">
                        {t(`templates.reason.${template.rejectionReason}`, template.rejectionReason)}
                      </Typography>
                    )}
                  </Td>
                  <Td>
                    <Typography data-testid="template-stats">
                      {template.stats.sent} / {template.stats.delivered} / {template.stats.read} / {template.stats.failed}
                    </Typography>
                  </Td>
                  <Td><Typography>{template.account?.name ?? template.account?.wabaId ?? '—'}</Typography></Td>
                  <Td>
                    <Flex gap={1}>
                      <IconButton tag={Link} to={template.documentId} label={t('templates.edit', 'Edit')} variant="ghost">
                        <Pencil />
                      </IconButton>
                      {canManage && (
                        <IconButton onClick={() => setToDelete(template)} label={t('templates.delete.button', 'Delete')} variant="ghost">
                          <Trash />
                        </IconButton>
                      )}
                    </Flex>
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        )}
        {pagination && pagination.pageCount > 1 && (
          <Flex gap={2} paddingTop={4} justifyContent="flex-end">
            <Button variant="tertiary" disabled={page <= 1} onClick={() => setPage(page - 1)}>
              {t('templates.page.previous', 'Previous')}
            </Button>
            <Typography>
              {t('templates.page.of', 'Page {page} of {count}', { page, count: pagination.pageCount })}
            </Typography>
            <Button variant="tertiary" disabled={page >= pagination.pageCount} onClick={() => setPage(page + 1)}>
              {t('templates.page.next', 'Next')}
            </Button>
          </Flex>
        )}
      </Layouts.Content>
      <Dialog.Root open={toDelete !== null} onOpenChange={(open: boolean) => !open && setToDelete(null)}>
        <Dialog.Content>
          <Dialog.Header>{t('templates.delete.title', 'Delete template')}</Dialog.Header>
          <Dialog.Body>
            <Typography>
              {t('templates.delete.confirm', 'Delete {name} ({language}) here and at WhatsApp? Meta may block the name for a while.', {
                name: toDelete?.name ?? '',
                language: toDelete?.language ?? '',
              })}
            </Typography>
          </Dialog.Body>
          <Dialog.Footer>
            <Dialog.Cancel>
              <Button variant="tertiary">{t('templates.delete.cancel', 'Cancel')}</Button>
            </Dialog.Cancel>
            <Button variant="danger" onClick={onDelete} loading={remove.isPending}>
              {t('templates.delete.button', 'Delete')}
            </Button>
          </Dialog.Footer>
        </Dialog.Content>
      </Dialog.Root>
    </Layouts.Root>
  );
}

export const TemplatesPage = () => (
  <Routes>
    <Route
      index
      element={
        <Page.Protect permissions={PERMISSIONS.templatesRead}>
          <TemplatesList />
        </Page.Protect>
      }
    />
    <Route path="new" element={<ProtectedTemplateFormPage />} />
    <Route path=":documentId" element={<ProtectedTemplateFormPage />} />
  </Routes>
);

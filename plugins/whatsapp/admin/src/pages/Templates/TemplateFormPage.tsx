import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { BackButton, Layouts, Page, useNotification, useRBAC } from '@strapi/strapi/admin';
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import type { SubmitTemplate, TemplateDetail } from '../../../../shared/contracts/templates';
import { EDIT_LIMITS, isEditableStatus, lintTemplate } from '../../../../shared/templates';
import { apiError, useSaveTemplate, useSubmitTemplate, useTemplate, useUploadHeaderSample } from '../../api/templates';
import { MediaPicker } from '../../components/Composer/MediaPicker';
import { MetaState } from '../../components/TemplateEditPanel';
import { TemplateStatusBadge } from '../../components/TemplateStatusBadge';
import { authoringOf, draftOf, EMPTY_FORM, formFromTemplate, TemplateForm, type FormState, type SamplePicker } from '../../components/TemplateForm';
import { PERMISSIONS } from '../../constants';
import { useT } from '../../hooks/use-t';

/** Strapi's media library dialog, limited to what a header sample can be. */
const LibraryPicker: SamplePicker = ({ onClose, onPick }) => <MediaPicker onClose={onClose} onPick={onPick} />;

/** Field messages of a Strapi ValidationError, by dotted path (what the form shows under each field). */
function fieldErrors(details: any): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of Array.isArray(details?.errors) ? details.errors : []) {
    const path = Array.isArray(item.path) ? item.path.join('.') : String(item.path ?? '');
    if (path && !out[path]) out[path] = item.message;
  }
  return out;
}

const atMeta = (template?: TemplateDetail) => Boolean(template?.metaTemplateId) && !template?.deletedAtMeta;

/**
 * "New template" and "Edit template" (`/plugins/whatsapp/templates/new`, `…/templates/:documentId`):
 * the template form, saved through the plugin's admin routes. A draft is saved and submitted; a
 * template at Meta is edited at Meta (Meta's edit endpoint and limits, said on the page).
 */
export function TemplateFormPage({ canManage, SamplePicker = LibraryPicker }: { canManage: boolean; SamplePicker?: SamplePicker }) {
  const t = useT();
  const { documentId } = useParams<{ documentId: string }>();
  const navigate = useNavigate();
  const { toggleNotification } = useNotification();
  const { data: template, isLoading, error } = useTemplate(documentId);
  const save = useSaveTemplate();
  const submit = useSubmitTemplate();
  const upload = useUploadHeaderSample();

  const [form, setForm] = useState<FormState>(EMPTY_FORM);
  const [loadedFor, setLoadedFor] = useState<string | undefined>(undefined);
  const [dirty, setDirty] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [refusal, setRefusal] = useState<string | null>(null);

  // The form takes the stored template once per template (later polls only refresh the status).
  useEffect(() => {
    if (template && loadedFor !== template.documentId) {
      setForm(formFromTemplate(template));
      setLoadedFor(template.documentId);
      setDirty(false);
    }
  }, [template, loadedFor]);

  const onChange = (next: FormState) => {
    setForm(next);
    setDirty(true);
  };

  const editing = atMeta(template);
  const editable = !editing || isEditableStatus(template?.status);

  const onSave = async (): Promise<string | undefined> => {
    setServerErrors({});
    setRefusal(null);
    try {
      const result = await save.mutateAsync({ documentId, values: authoringOf(form) });
      setDirty(false);
      const saved = result.data.documentId;
      if ('editedAtMeta' in result && result.editedAtMeta) {
        toggleNotification({ type: 'success', message: t('templates.form.edited', 'Sent to WhatsApp for review. Status: {status}.', { status: result.data.status }) });
      } else {
        toggleNotification({ type: 'success', message: t('templates.form.saved', 'Template saved.') });
      }
      if (!documentId) {
        setLoadedFor(saved);
        navigate(`../${saved}`, { replace: true, relative: 'path' });
      }
      return saved;
    } catch (err) {
      const { message, details } = apiError(err);
      setServerErrors(fieldErrors(details));
      if (details?.editLimits) setRefusal(message);
      toggleNotification({ type: 'danger', title: t('templates.form.notSaved', 'Not saved'), message });
      return undefined;
    }
  };

  const onSubmit = async () => {
    const saved = dirty || !documentId ? await onSave() : documentId;
    if (!saved) return;
    try {
      const result: SubmitTemplate.Response = await submit.mutateAsync(saved);
      toggleNotification({
        type: 'success',
        message: t('templates.action.submitted', 'Submitted to WhatsApp. Status: {status}.', { status: result.data.status }),
      });
    } catch (err) {
      const { message, details } = apiError(err);
      setServerErrors(fieldErrors(details));
      toggleNotification({ type: 'danger', title: t('templates.action.refused', 'Not submitted'), message });
    }
  };

  if (error) return <Page.Error />;
  if (documentId && (isLoading || loadedFor !== documentId)) return <Page.Loading />;

  const lintOk = lintTemplate(draftOf(form)).ok;
  const title = documentId ? form.name || template?.name || '' : t('templates.form.newTitle', 'New template');

  return (
    <Layouts.Root>
      <Page.Title>{title}</Page.Title>
      <Layouts.Header
        title={title}
        subtitle={
          editing
            ? t('templates.form.editSubtitle', 'This template is at Meta: saving sends the change to WhatsApp for review.')
            : t('templates.form.draftSubtitle', 'Write the template, check WhatsApp’s rules and the preview, save, then submit it to WhatsApp.')
        }
        navigationAction={<BackButton disabled={false} fallback="/plugins/whatsapp/templates" />}
        primaryAction={
          canManage ? (
            <Flex gap={2}>
              {template && <TemplateStatusBadge status={template.status} />}
              {editing ? (
                <Button onClick={() => void onSave()} loading={save.isPending} disabled={!dirty || !editable}>
                  {t('templates.form.sendEdit', 'Send changes to WhatsApp')}
                </Button>
              ) : (
                <>
                  <Button variant="secondary" onClick={() => void onSave()} loading={save.isPending} disabled={Boolean(documentId) && !dirty}>
                    {t('templates.form.save', 'Save')}
                  </Button>
                  <Button onClick={() => void onSubmit()} loading={submit.isPending} disabled={!lintOk || save.isPending}>
                    {t('templates.action.submit', 'Submit to WhatsApp')}
                  </Button>
                </>
              )}
            </Flex>
          ) : undefined
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4}>
          {documentId && template && (
            <Box background="neutral0" padding={5} hasRadius shadow="tableShadow">
              <MetaState documentId={documentId} />
            </Box>
          )}
          {editing && (
            <Box background={refusal ? 'danger100' : 'primary100'} padding={4} hasRadius data-testid="template-edit-limits" role={refusal ? 'alert' : undefined}>
              {refusal && (
                <Typography tag="p" fontWeight="bold" textColor="danger700" data-testid="template-edit-refused">
                  {t('templates.form.editRefused', 'Meta refused the edit: {message}', { message: refusal })}
                </Typography>
              )}
              <Typography tag="p">
                {t(
                  'templates.form.editLimits',
                  'Meta’s edit rules: only approved, rejected or paused templates can be edited; the name and language never change, nor the category once approved; an approved template can be edited once in 24 hours and at most {perThirtyDays} times in 30 days.',
                  { perThirtyDays: EDIT_LIMITS.perThirtyDays }
                )}
              </Typography>
              {!editable && template && (
                <Typography tag="p" textColor="danger700">
                  {t('templates.form.notEditable', 'It is {status} now, so it cannot be edited until Meta decides.', { status: template.status })}
                </Typography>
              )}
            </Box>
          )}
          <TemplateForm
            value={form}
            onChange={onChange}
            lockIdentity={editing}
            lockCategory={editing && template?.status === 'APPROVED'}
            SamplePicker={SamplePicker}
            uploadSample={async (file, format) => {
              try {
                return (await upload.mutateAsync({ file: file.id, format, account: template?.account?.documentId ?? null })).handle;
              } catch (err) {
                throw new Error(apiError(err).message);
              }
            }}
            serverErrors={serverErrors}
          />
        </Flex>
      </Layouts.Content>
    </Layouts.Root>
  );
}

export const ProtectedTemplateFormPage = () => {
  const { allowedActions } = useRBAC(PERMISSIONS.templatesManage);
  const canManage = Boolean((allowedActions as Record<string, boolean>).canTemplatesManage);
  return (
    <Page.Protect permissions={PERMISSIONS.templatesRead}>
      <TemplateFormPage canManage={canManage} />
    </Page.Protect>
  );
};

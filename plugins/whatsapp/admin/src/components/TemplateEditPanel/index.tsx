import { Box, Divider, Flex, LinkButton, Typography } from '@strapi/design-system';
import { Link } from 'react-router-dom';
import { useForm } from '@strapi/strapi/admin';
import { QueryClientProvider } from '@tanstack/react-query';
import { lintTemplate, toMetaComponents, type TemplateDraft } from '../../../../shared/templates';
import { UID } from '../../../../shared/uids';
import { pluginQueryClient } from '../../api/query-client';
import { useTemplate } from '../../api/templates';
import { LintFindings } from '../LintFindings';
import { TemplatePreview } from '../TemplatePreview';
import { TemplateStatusBadge } from '../TemplateStatusBadge';
import { useT } from '../../hooks/use-t';

export const TEMPLATE_UID = UID.template;

/**
 * The side panel of the template edit view: Meta's verdict (status, rejection reason, category
 * change, quality, last submission error, usage), live lint findings and the WhatsApp preview of
 * what is being typed — the form values, before saving.
 */
export function MetaState({ documentId }: { documentId: string }) {
  const t = useT();
  const { data: template } = useTemplate(documentId);
  if (!template) return null;

  return (
    <Flex direction="column" alignItems="stretch" gap={2} data-testid="template-meta-state">
      <Flex gap={2}>
        <Typography variant="sigma">{t('templates.panel.status', 'Status at Meta')}</Typography>
        <TemplateStatusBadge status={template.status} />
      </Flex>
      {template.status === 'REJECTED' && template.rejectionReason && (
        <Typography textColor="danger600" data-testid="template-rejection">
          {t('templates.panel.rejected', 'Rejected: {reason}', {
            reason: t(`templates.reason.${template.rejectionReason}`, template.rejectionReason),
          })}
        </Typography>
      )}
      {template.previousCategory && template.previousCategory !== template.category && (
        <Typography textColor="warning700" data-testid="template-category-change">
          {t('templates.panel.recategorised', 'Meta changed the category from {from} to {to}.', {
            from: template.previousCategory,
            to: template.category,
          })}
        </Typography>
      )}
      {template.qualityScore && (
        <Typography variant="pi">{t('templates.panel.quality', 'Quality: {score}', { score: template.qualityScore })}</Typography>
      )}
      {template.deletedAtMeta && (
        <Typography textColor="neutral600">{t('templates.panel.deletedAtMeta', 'Deleted at Meta. Submit it again to recreate it.')}</Typography>
      )}
      {template.lastError && template.status === 'DRAFT' && (
        <Typography textColor="danger600" data-testid="template-last-error">
          {t('templates.panel.lastError', 'Last submission refused: {error}', { error: template.lastError })}
        </Typography>
      )}
      {template.metaTemplateId && (
        <Typography variant="pi" textColor="neutral600">
          {t('templates.panel.stats', 'Sent {sent} · delivered {delivered} · read {read} · failed {failed}', { ...template.stats })}
        </Typography>
      )}
    </Flex>
  );
}

function PanelContent({ documentId }: { documentId?: string }) {
  const t = useT();
  const values = useForm('WhatsAppTemplatePanel', (state) => state.values, false) as TemplateDraft | undefined;
  const draft = values ?? {};
  const lint = lintTemplate(draft);

  return (
    <Flex direction="column" alignItems="stretch" gap={4} width="100%">
      <LinkButton
        tag={Link}
        variant="secondary"
        to={documentId ? `/plugins/whatsapp/templates/${documentId}` : '/plugins/whatsapp/templates/new'}
      >
        {t('templates.panel.openForm', 'Open in the template form')}
      </LinkButton>
      {documentId && <MetaState documentId={documentId} />}
      <Divider />
      <Box>
        <Typography variant="sigma" tag="h3">
          {t('templates.panel.lint', 'WhatsApp rules')}
        </Typography>
        <Box paddingTop={2}>
          <LintFindings findings={lint.findings} />
        </Box>
      </Box>
      <Box>
        <Typography variant="sigma" tag="h3">
          {t('templates.panel.preview', 'Preview (with the examples)')}
        </Typography>
        <Box paddingTop={2}>
          <TemplatePreview components={toMetaComponents(draft)} />
        </Box>
      </Box>
    </Flex>
  );
}

export const TemplateEditPanel = ({ model, documentId }: { model: string; documentId?: string }) => {
  // Rendered as a component by the content manager, so hooks are allowed (before the model check).
  const t = useT();
  if (model !== TEMPLATE_UID) return null;
  return {
    title: t('templates.panel.title', 'WhatsApp template'),
    content: (
      <QueryClientProvider client={pluginQueryClient}>
        <PanelContent documentId={documentId} />
      </QueryClientProvider>
    ),
  };
};

import { useFetchClient, useForm, useNotification } from '@strapi/strapi/admin';
import { useState } from 'react';
import type { SubmitTemplate } from '../../../../shared/contracts/templates';
import { pluginQueryClient } from '../../api/query-client';
import { apiError, templateKeys } from '../../api/templates';
import { TEMPLATE_UID } from '../TemplateEditPanel';
import { useT } from '../../hooks/use-t';

/**
 * "Submit to WhatsApp" in the template edit view. It submits the saved template (unsaved changes
 * must be saved first, so what Meta reviews is what Strapi stores). Lint errors from the server
 * are put on the form fields; Meta's refusals appear as a notification in plain words.
 */
export const SubmitTemplateAction = ({ model, documentId }: { model: string; documentId?: string }) => {
  const t = useT();
  const { post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const modified = useForm('WhatsAppSubmitTemplate', (state) => state.modified, false);
  const setErrors = useForm('WhatsAppSubmitTemplate', (state) => state.setErrors, false);
  const [loading, setLoading] = useState(false);

  if (model !== TEMPLATE_UID) return null;

  return {
    label: t('templates.action.submit', 'Submit to WhatsApp'),
    position: ['panel'] as const,
    variant: 'secondary' as const,
    loading,
    disabled: !documentId || loading,
    onClick: async () => {
      if (!documentId) return false;
      if (modified) {
        toggleNotification({ type: 'warning', message: t('templates.action.saveFirst', 'Save your changes first, then submit.') });
        return false;
      }
      setLoading(true);
      try {
        const { data } = await post<SubmitTemplate.Response>(`/whatsapp/templates/${documentId}/submit`);
        toggleNotification({
          type: 'success',
          message: t('templates.action.submitted', 'Submitted to WhatsApp. Status: {status}.', { status: data.data.status }),
        });
        return true;
      } catch (error) {
        const { message, details } = apiError(error);
        if (Array.isArray(details?.errors) && setErrors) {
          // One message per field; JSON fields (buttons, bodyExamples) show it on the whole field.
          const fieldErrors: Record<string, string> = {};
          for (const item of details.errors) {
            const field = item.path?.[0];
            if (field && !fieldErrors[field]) fieldErrors[field] = item.message;
          }
          setErrors(fieldErrors);
        }
        toggleNotification({ type: 'danger', title: t('templates.action.refused', 'Not submitted'), message });
        return false;
      } finally {
        setLoading(false);
        await pluginQueryClient.invalidateQueries({ queryKey: templateKeys.all });
      }
    },
  };
};

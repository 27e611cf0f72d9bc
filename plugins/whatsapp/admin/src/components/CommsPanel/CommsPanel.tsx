import { Box, Flex, Typography } from '@strapi/design-system';
import { useRBAC } from '@strapi/strapi/admin';
import { QueryClientProvider } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { UID } from '../../../../shared/uids';
import { pluginQueryClient } from '../../api/query-client';
import { PERMISSIONS } from '../../constants';
import { useInboxLiveUpdates } from '../../hooks/useInboxLiveUpdates';
import { useT } from '../../hooks/use-t';
import { PLUGIN_ID } from '../../pluginId';
import { ConversationView } from '../ConversationView';
import { CustomerBlockAction } from '../CustomerBlockAction';
import { CustomerDataActions } from '../CustomerDataActions';
import { LiveBadge } from '../LiveBadge';

/**
 * The comms tab of a customer in the content manager (an edit-view side panel, only for
 * `plugin::whatsapp.customer`): blocking on WhatsApp (state, block/unblock), the live WhatsApp
 * timeline with the composer, and the customer's data rights (export, erase).
 */

export const CUSTOMER_UID = UID.customer;

const PanelBody = ({ documentId }: { documentId?: string }) => {
  const t = useT();
  const { isLoading, allowedActions } = useRBAC(PERMISSIONS.messagesRead);
  const live = useInboxLiveUpdates();
  if (isLoading) return null;
  if (!(allowedActions as Record<string, boolean>).canMessagesRead) {
    return (
      <Typography variant="pi" textColor="neutral600">
        {t('inbox.panel.noPermission', 'You are not allowed to read WhatsApp conversations.')}
      </Typography>
    );
  }
  if (!documentId) {
    return (
      <Typography variant="pi" textColor="neutral600">
        {t('inbox.panel.saveFirst', 'Save the customer to see and send WhatsApp messages.')}
      </Typography>
    );
  }
  return (
    <Flex direction="column" alignItems="stretch" gap={2} width="100%" data-testid="wa-comms-panel">
      <Flex justifyContent="space-between">
        <LiveBadge state={live} />
        <Link to={`/plugins/${PLUGIN_ID}/inbox?customer=${encodeURIComponent(documentId)}`}>
          <Typography variant="pi">{t('inbox.panel.openInbox', 'Open in inbox')}</Typography>
        </Link>
      </Flex>
      <CustomerBlockAction documentId={documentId} />
      <ConversationView customerDocumentId={documentId} height="420px" />
      <CustomerDataActions documentId={documentId} />
    </Flex>
  );
};

/** The side-panel descriptor the content manager asks for; null for every other content type. */
export const CommsPanel = ({ model, documentId }: { model: string; documentId?: string }) => {
  if (model !== CUSTOMER_UID) return null;
  return {
    title: 'WhatsApp',
    content: (
      <QueryClientProvider client={pluginQueryClient}>
        <Box width="100%">
          <PanelBody documentId={documentId && documentId !== 'create' ? documentId : undefined} />
        </Box>
      </QueryClientProvider>
    ),
  };
};

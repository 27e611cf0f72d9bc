import type { ContentManagerView } from '../types';
import { automationView } from './automation';
import { businessAccountView } from './business-account';
import { customerView } from './customer';
import { messageView } from './message';
import { phoneNumberView } from './phone-number';
import { templateView } from './template';
import { tenantView } from './tenant';
import { webhookEventView } from './webhook-event';

/**
 * The plugin's curated Content Manager views, one file per content type. The types hidden from the
 * Content Manager (conversation-read, pending-status, sandbox-state) have none.
 */
export const PLUGIN_VIEWS: ContentManagerView[] = [
  messageView,
  customerView,
  tenantView,
  phoneNumberView,
  businessAccountView,
  templateView,
  automationView,
  webhookEventView,
];

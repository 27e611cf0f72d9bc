import type { ContentManagerView } from '../types';
import { automationView } from './automation';
import { businessAccountView } from './business-account';
import { customerView } from './customer';
import { messageView } from './message';
import { phoneNumberView } from './phone-number';
import { quickReplyView } from './quick-reply';
import { templateView } from './template';
import { tenantView } from './tenant';
import { webhookEventView } from './webhook-event';

/**
 * The plugin's curated Content Manager views, one file per content type. The types hidden from the
 * Content Manager (conversation reads and states, notes, pending statuses, audit entries, the
 * sandbox's state, the live-event journal, pair schedules) have none.
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
  quickReplyView,
];

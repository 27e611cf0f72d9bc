/**
 * The demo CRM's curated Content Manager views (labels in en/es/eu, list columns, edit rows),
 * written by the WhatsApp plugin's own mechanism from this app's bootstrap (src/index.ts) and
 * translated in the admin by src/admin/app.ts. See docs/content-manager.md.
 */
import type { ContentManagerView } from '../../plugins/whatsapp/server/src/core/content-manager/types';
import { invoiceView } from './invoice';
import { jobView } from './job';
import { purchaseOrderView } from './purchase-order';
import { supplierView } from './supplier';

export const HOST_VIEWS: ContentManagerView[] = [purchaseOrderView, invoiceView, jobView, supplierView];

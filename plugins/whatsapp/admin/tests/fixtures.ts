/**
 * Payloads as the plugin's admin routes answer them (shapes from shared/contracts/*), built with
 * overridable defaults so each test states only what it relies on.
 */
import type { ContentTypeDescription, TemplateSlotDto } from '../../shared/contracts/automations';
import type { ConversationWindow, CustomerSummary } from '../../shared/contracts/conversations';
import type { PhoneNumberView, TenantView } from '../../shared/contracts/numbers';
import type { TemplateSummary } from '../../shared/contracts/templates';

export function phoneNumber(overrides: Partial<PhoneNumberView> = {}): PhoneNumberView {
  return {
    id: 'pn-doc-1',
    phoneNumberId: '1000001',
    displayPhoneNumber: '+34 600 000 001',
    verifiedName: 'Acme Support',
    qualityRating: 'GREEN',
    messagingLimitTier: 'TIER_1K',
    status: 'CONNECTED',
    nameStatus: 'APPROVED',
    codeVerificationStatus: 'VERIFIED',
    throughputLevel: 'STANDARD',
    throughputPerSecond: 80,
    isDefault: false,
    missingAtMeta: false,
    lastSyncedAt: '2025-01-01T10:00:00.000Z',
    account: { id: 'acc-1', name: 'Main WABA', kind: 'shared', wabaId: '9000001' },
    tenant: null,
    ...overrides,
  };
}

export function tenant(overrides: Partial<TenantView> = {}): TenantView {
  return {
    id: 'tenant-acme',
    name: 'Acme',
    slug: 'acme',
    whatsappEnabled: true,
    defaultLanguage: 'en',
    phoneNumberId: null,
    displayPhoneNumber: null,
    qualityRating: null,
    status: 'not_configured',
    autoAssign: false,
    members: [],
    ...overrides,
  };
}

export function tenantsPage(data: TenantView[], page = 1, pageSize = 20) {
  return { data, meta: { pagination: { page, pageSize, pageCount: Math.max(1, Math.ceil(data.length / pageSize)), total: data.length } } };
}

export function customer(overrides: Partial<CustomerSummary> = {}): CustomerSummary {
  return {
    documentId: 'cust-1',
    name: 'Lucy Gray',
    phone: '+34611111111',
    waId: '34611111111',
    userId: null,
    username: null,
    language: 'en',
    optedOut: false,
    blockedAt: null,
    ...overrides,
  };
}

const HOUR = 3600_000;

/** A 24-hour window of one business number: open for `hoursLeft` more hours (negative: closed). */
export function conversationWindow(hoursLeft: number, overrides: Partial<ConversationWindow> = {}): ConversationWindow {
  const until = new Date(Date.now() + hoursLeft * HOUR).toISOString();
  return {
    phoneNumberId: '1000001',
    displayPhoneNumber: '+34 600 000 001',
    conversationKey: '1000001:34611111111',
    lastInboundAt: new Date(Date.now() + (hoursLeft - 24) * HOUR).toISOString(),
    windowOpenUntil: until,
    open: hoursLeft > 0,
    ...overrides,
  };
}

export function template(overrides: Partial<TemplateSummary> = {}): TemplateSummary {
  return {
    documentId: 'tpl-order-ready',
    name: 'order_ready',
    language: 'en',
    category: 'UTILITY',
    status: 'APPROVED',
    parameterFormat: 'POSITIONAL',
    parameterCount: 2,
    lastSyncedAt: null,
    updatedAt: null,
    account: null,
    components: [
      { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}' },
      { type: 'BODY', text: 'Hello {{1}}, your order is ready for pickup.' },
      { type: 'FOOTER', text: 'Acme shop' },
    ],
    metaTemplateId: '555001',
    rejectionReason: null,
    previousCategory: null,
    qualityScore: null,
    lastError: null,
    deletedAtMeta: false,
    stats: { total: 0, sent: 0, delivered: 0, read: 0, failed: 0 },
    ...overrides,
  } as TemplateSummary;
}

/** The content type the automation editor describes (GET /whatsapp/automations/content-types). */
export function purchaseOrderType(): ContentTypeDescription {
  return {
    uid: 'api::purchase-order.purchase-order',
    displayName: 'Purchase order',
    draftAndPublish: false,
    fields: [
      { name: 'poNumber', type: 'string' },
      { name: 'status', type: 'enumeration', enum: ['draft', 'approved', 'shipped'] },
      { name: 'total', type: 'decimal' },
      {
        name: 'supplier',
        type: 'relation',
        relation: 'manyToOne',
        target: 'api::supplier.supplier',
        fields: [
          { name: 'name', type: 'string' },
          { name: 'phone', type: 'string' },
        ],
      },
      {
        name: 'tenant',
        type: 'relation',
        relation: 'manyToOne',
        target: 'plugin::whatsapp.tenant',
        fields: [{ name: 'name', type: 'string' }],
      },
    ],
  } as unknown as ContentTypeDescription;
}

export function articleType(): ContentTypeDescription {
  return {
    uid: 'api::article.article',
    displayName: 'Article',
    draftAndPublish: true,
    fields: [
      { name: 'title', type: 'string' },
      { name: 'authorPhone', type: 'string' },
    ],
  } as unknown as ContentTypeDescription;
}

export function automationTemplate(
  overrides: Partial<{ documentId: string; name: string; language: string; status: string; slots: TemplateSlotDto[] }> = {}
) {
  return {
    documentId: 'tpl-po-approved',
    name: 'po_approved',
    language: 'en',
    status: 'APPROVED',
    category: 'UTILITY',
    slots: [
      { key: 'body.1', name: '1', component: 'body', kind: 'text' },
      { key: 'body.2', name: '2', component: 'body', kind: 'text' },
    ] as TemplateSlotDto[],
    ...overrides,
  };
}

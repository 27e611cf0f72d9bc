import { z } from 'zod';

/**
 * Automation rules: "when a record of <content type> is <event> and <condition>, send <template>
 * to <recipient> with its variables filled from the record". One shape for the admin editor, the
 * admin routes and the server's evaluator.
 */

export const AUTOMATION_EVENTS = ['created', 'updated', 'published', 'deleted'] as const;
export type AutomationEvent = (typeof AUTOMATION_EVENTS)[number];

export const CONDITION_OPERATORS = ['equals', 'changed', 'changedToAny', 'changedTo', 'changedFromTo'] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

/** A value compared with a field: enum values, text, numbers and booleans are compared as text. */
const comparable = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
export const fieldPathSchema = z
  .string({ required_error: 'a field path is required', invalid_type_error: 'a field path must be text' })
  .trim()
  .min(1, 'a field path is required')
  .max(200, 'a field path is at most 200 characters')
  .regex(FIELD_PATH, 'a field path is attribute names joined by dots, e.g. supplier.phone');

/**
 * - equals: the field has `value` (after the change; before it, for `deleted`);
 * - changed: the field's value is different after the change (including emptied);
 * - changedToAny: the field changed to a non-empty value (e.g. a technician was assigned);
 * - changedTo: the field was not `value` and now is;
 * - changedFromTo: the field was `from` and now is `value`.
 */
export const conditionSchema = z
  .object({
    field: fieldPathSchema,
    operator: z.enum(CONDITION_OPERATORS, {
      errorMap: () => ({ message: `operator must be one of ${CONDITION_OPERATORS.join(', ')}` }),
    }),
    value: comparable.optional(),
    from: comparable.optional(),
  })
  .strict()
  .superRefine((condition, ctx) => {
    if (condition.operator !== 'changed' && condition.operator !== 'changedToAny' && condition.value === undefined) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['value'], message: `${condition.operator} needs a value` });
    }
    if (condition.operator === 'changedFromTo' && condition.from === undefined) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['from'], message: 'changedFromTo needs a from value' });
    }
  });

export type AutomationCondition = z.infer<typeof conditionSchema>;

export const VALUE_FORMATS = ['auto', 'text', 'number', 'currency', 'date', 'datetime'] as const;
export type ValueFormat = (typeof VALUE_FORMATS)[number];

/** Where one template variable takes its value from. */
export const mappingSourceSchema = z.discriminatedUnion('source', [
  z
    .object({
      source: z.literal('field'),
      path: fieldPathSchema,
      /** auto: numbers and dates formatted in the tenant's language, the rest as text. */
      format: z.enum(VALUE_FORMATS).default('auto'),
      /** currency: ISO 4217 code, or a field path holding it (e.g. `currency`). */
      currency: z.string().regex(/^[A-Z]{3}$/, 'currency must be an ISO 4217 code such as EUR').optional(),
      currencyPath: fieldPathSchema.optional(),
      /** Used when the field is empty; without it an empty field stops the send. */
      fallback: z.string().max(1000).optional(),
    })
    .strict(),
  z.object({ source: z.literal('fixed'), value: z.string().min(1, 'a fixed text must not be empty').max(1000) }).strict(),
  z.object({ source: z.literal('adminUrl') }).strict(),
]);

export type MappingSource = z.infer<typeof mappingSourceSchema>;
export type MappingSourceInput = z.input<typeof mappingSourceSchema>;

/**
 * Template variable slots are named `header.<var>`, `body.<var>` and `button.<index>` (the
 * button's 0-based position in the template), e.g. `body.1`, `body.customer_name`, `button.0`,
 * and `header.media` for an image/video/document header (its value must be an https URL).
 */
export const SLOT_KEY = /^(header\.(media|[A-Za-z0-9_]+)|body\.[A-Za-z0-9_]+|button\.\d)$/;

export const parameterMappingSchema = z.record(
  z.string().regex(SLOT_KEY, 'mapping keys are header.<variable>, body.<variable> or button.<index>'),
  mappingSourceSchema
);

export type ParameterMapping = z.infer<typeof parameterMappingSchema>;

const optionalPath = z.preprocess(
  (value) => (typeof value === 'string' && value.trim() === '' ? null : value),
  fieldPathSchema.nullable().optional()
);

/** Body of `POST /whatsapp/automations` and `PUT /whatsapp/automations/:documentId`. */
export const automationInputSchema = z
  .object({
    name: z.string().trim().min(1, 'name is required').max(200),
    enabled: z.boolean().default(true),
    contentType: z
      .string({ required_error: 'contentType is required' })
      .regex(/^(api|plugin)::[a-z0-9-]+\.[a-z0-9-]+$/, 'contentType is a uid such as api::purchase-order.purchase-order'),
    event: z.enum(AUTOMATION_EVENTS, {
      errorMap: () => ({ message: `event must be one of ${AUTOMATION_EVENTS.join(', ')}` }),
    }),
    condition: conditionSchema.nullable().optional(),
    recipientPath: fieldPathSchema,
    tenantPath: optionalPath,
    /** documentId of a tenant used when tenantPath is empty or resolves to nothing. */
    tenant: z.string().min(1).nullable().optional(),
    templateName: z.string().regex(/^[a-z0-9_]{1,512}$/, 'templateName is a template name such as po_notification'),
    language: z.string().regex(/^[a-z]{2,3}(_[A-Za-z]{2,4})?$/, 'language is a template language code such as es or en_US'),
    parameterMapping: parameterMappingSchema.default({}),
  })
  .strict();

export type AutomationInput = z.input<typeof automationInputSchema>;
export type ParsedAutomationInput = z.infer<typeof automationInputSchema>;

export const dryRunSchema = z.object({ documentId: z.string().min(1, 'documentId of a record is required') }).strict();

// -------------------------------------------------------------------------------------------------
// Responses
// -------------------------------------------------------------------------------------------------

export type RunOutcome = 'sent' | 'duplicate' | 'failed' | 'skipped';

/** One evaluation that matched a rule, kept in the rule's small log (newest first). */
export interface AutomationRun {
  at: string;
  outcome: RunOutcome;
  documentId: string;
  /** The idempotency key: rule, record and transition. */
  key: string;
  message?: string | null;
  error?: string | null;
}

/**
 * Meta changed (or announced it will change) the category of the template the rule sends
 * (`template_category_update`): shown as "Template recategorised" on the Automations page until
 * the rule is saved again. docs/marketing-messages.md#category-changes
 */
export interface TemplateCategoryChange {
  /** The category before the change (for a notice: the current one). */
  from: string | null;
  /** The category after the change (for a notice: the one it will get). */
  to: string;
  /** When the webhook told us (ISO). */
  at: string;
  /** true for Meta's 24-hour notice (`correct_category`), false once the change is made. */
  pending: boolean;
  /** When the announced change takes effect (ISO), for a notice that says so. */
  effectiveAt: string | null;
}

export interface AutomationDto {
  documentId: string;
  name: string;
  enabled: boolean;
  contentType: string;
  event: AutomationEvent;
  condition: AutomationCondition | null;
  recipientPath: string;
  tenantPath: string | null;
  tenant: { documentId: string; name: string } | null;
  templateName: string;
  language: string;
  parameterMapping: ParameterMapping;
  sentCount: number;
  failedCount: number;
  lastRunAt: string | null;
  lastError: string | null;
  recentRuns: AutomationRun[];
  /** Set when Meta recategorised the rule's template since the rule was last saved. */
  templateCategoryChange?: TemplateCategoryChange | null;
  createdAt: string | null;
  updatedAt: string | null;
}

/** A problem found when checking a rule against the content type and the template. */
export interface RuleProblem {
  field: string;
  message: string;
}

export interface ContentTypeField {
  name: string;
  /** Strapi attribute type: string, enumeration, decimal, relation, component, media… */
  type: string;
  enum?: string[];
  /** Relations: the target's uid and its own scalar fields (one level deep). */
  target?: string;
  relation?: string;
  fields?: ContentTypeField[];
}

export interface ContentTypeDescription {
  uid: string;
  displayName: string;
  draftAndPublish: boolean;
  fields: ContentTypeField[];
}

/** `GET /whatsapp/automations/content-types` */
export declare namespace ListAutomationContentTypes {
  export interface Response {
    data: ContentTypeDescription[];
  }
}

export interface TemplateSlotDto {
  /** `header.1`, `body.customer_name`, `button.0`, `header.media` */
  key: string;
  component: 'header' | 'body' | 'button';
  name: string;
  kind: 'text' | 'media';
}

export interface AutomationTemplateDto {
  documentId: string;
  name: string;
  language: string;
  status: string;
  category: string | null;
  components: unknown[];
  slots: TemplateSlotDto[];
}

/** `GET /whatsapp/automations/templates`: templates with the variables a rule must map. */
export declare namespace ListAutomationTemplates {
  export interface Response {
    data: AutomationTemplateDto[];
  }
}

/** `GET /whatsapp/automations` */
export declare namespace ListAutomations {
  export interface Response {
    data: AutomationDto[];
  }
}

/** `GET /whatsapp/automations/:documentId` */
export declare namespace GetAutomation {
  export interface Response {
    data: AutomationDto;
  }
}

/** `POST /whatsapp/automations` (201) and `PUT /whatsapp/automations/:documentId` */
export declare namespace SaveAutomation {
  export interface Request {
    body: AutomationInput;
  }
  export interface Response {
    data: AutomationDto;
    /** Problems that do not block saving (e.g. template not approved yet). */
    meta: { warnings: RuleProblem[] };
  }
}

export interface RenderedSlot {
  slot: string;
  value: string;
}

/** `DELETE /whatsapp/automations/:documentId` → 204, no body. */
export declare namespace DeleteAutomation {
  export type Response = void;
}

/** `POST /whatsapp/automations/:documentId/dry-run` */
export declare namespace DryRunAutomation {
  export interface Request {
    body: z.input<typeof dryRunSchema>;
  }
  export interface Response {
    data: {
      /** true when the rule would send this message for this record now. */
      wouldSend: boolean;
      /** Why it would not send (empty when it would). */
      reasons: string[];
      /** How the condition reads for this record, in words. */
      condition: string | null;
      recipient: { to: string | null; customer: string | null; tenant: string | null } | null;
      template: { name: string; language: string; status: string | null; documentId: string | null } | null;
      /** The template's components (Meta's shape), for the preview. */
      components: unknown[] | null;
      /** The variables, as they would be sent. */
      parameters: RenderedSlot[];
      /** Positional/named values by component, ready for the preview. */
      values: { header: Record<string, string>; body: Record<string, string>; buttons: Record<string, string> };
    };
  }
}

/** `GET /whatsapp/automations/:documentId/activity` */
export declare namespace AutomationActivity {
  export interface Response {
    data: {
      runs: AutomationRun[];
      messages: Array<{
        documentId: string;
        status: string;
        customerPhone: string | null;
        sourceUid: string | null;
        sourceDocumentId: string | null;
        errorTitle: string | null;
        createdAt: string | null;
      }>;
    };
  }
}

import type { Core } from '@strapi/strapi';
import type { RenderedSlot } from '../../../shared/contracts/automations';
import type { MetaComponent } from '../../../shared/templates';
import { parseConfig } from '../core/config/schema';
import { UID } from '../../../shared/uids';
import { PLUGIN_ID } from '../core/get-service';
import { toLocale } from './format';
import { renderParameters, templateComponents, templateSlots, toTemplateSendParts, type RenderedValues } from './mapping';
import { describePath, readPath, type ModelLookup } from './paths';
import { PHONE_FIELDS, type CompiledRule } from './rules';
import type { TemplateSendInput } from './send-adapter';

/**
 * Everything between "this rule matched this record" and "hand it to the outbox": the recipient,
 * the tenant, the template and its variables. Shared by the trigger and the dry run, so the dry
 * run shows exactly what the trigger would send, or the exact reasons it would not.
 */

export interface PreparedSend {
  /** Why it cannot be sent; empty when `input` is set. */
  reasons: string[];
  input: Omit<TemplateSendInput, 'idempotencyKey' | 'source'> | null;
  recipient: { to: string | null; customer: string | null; tenant: string | null } | null;
  template: { name: string; language: string; status: string | null; documentId: string | null } | null;
  components: MetaComponent[] | null;
  rendered: RenderedSlot[];
  values: RenderedValues;
}

const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : typeof value === 'number' ? String(value) : null);

export async function findTemplate(strapi: Core.Strapi, name: string, language: string) {
  const rows = await strapi.db.query(UID.template).findMany({ where: { name, language }, orderBy: { updatedAt: 'desc' } });
  return rows.find((row: any) => row.reviewStatus === 'APPROVED' && !row.deletedAtMeta) ?? rows.find((row: any) => !row.deletedAtMeta) ?? rows[0] ?? null;
}

/** The record's page in the admin panel (the `adminUrl` mapping source). */
export function adminUrlOf(strapi: Core.Strapi, uid: string, documentId: string, locale: string | null): string {
  const configured = strapi.config.get('admin.absoluteUrl') as string | undefined;
  let base = typeof configured === 'string' && /^https?:\/\//.test(configured) ? configured : undefined;
  if (!base) {
    const publicUrl = parseConfig(strapi.config.get(`plugin::${PLUGIN_ID}`)).publicUrl;
    const server = (strapi.config.get('server.url') as string | undefined) || `http://localhost:${strapi.config.get('server.port', 1337)}`;
    const adminPath = (strapi.config.get('admin.path') as string | undefined) || '/admin';
    base = `${(publicUrl ?? server).replace(/\/+$/, '')}${adminPath.startsWith('/') ? adminPath : `/${adminPath}`}`;
  }
  const query = locale ? `?plugins[i18n][locale]=${encodeURIComponent(locale)}` : '';
  return `${base.replace(/\/+$/, '')}/content-manager/collection-types/${uid}/${documentId}${query}`;
}

export async function prepareSend(
  strapi: Core.Strapi,
  lookup: ModelLookup,
  rule: CompiledRule,
  uid: string,
  record: Record<string, any>,
  options: { locale?: string | null } = {}
): Promise<PreparedSend> {
  const reasons: string[] = [];
  const empty: RenderedValues = { header: {}, body: {}, buttons: {} };

  // Recipient: a phone field, a customer, or any related record with a phone.
  let to: string | null = null;
  let customer: string | null = null;
  let language: string | null = null;
  const recipientPath = describePath(lookup, uid, rule.recipientPath);
  const recipientValue = readPath(record, rule.recipientPath);
  if (!recipientPath.ok) reasons.push(`recipient: ${recipientPath.error}`);
  else if (recipientPath.type === 'relation') {
    const related = recipientValue as Record<string, any> | undefined;
    if (!related) reasons.push(`recipient: ${rule.recipientPath} is empty, so there is no one to send to`);
    else if (recipientPath.targetUid === UID.customer) {
      customer = related.documentId;
      language = text(related.tenant?.defaultLanguage);
    } else {
      to = PHONE_FIELDS.map((field) => text(related[field])).find((value) => value !== null) ?? null;
      if (!to) reasons.push(`recipient: ${rule.recipientPath} has no phone number`);
    }
  } else {
    to = text(recipientValue);
    if (!to) reasons.push(`recipient: ${rule.recipientPath} is empty, so there is no phone number to send to`);
  }

  // Tenant: a path on the record, else the rule's tenant, else (for a customer) the customer's own.
  let tenant: string | null = null;
  if (rule.tenantPath) {
    const value = readPath(record, rule.tenantPath);
    if (value && typeof value === 'object') {
      tenant = text((value as any).documentId);
      language = text((value as any).defaultLanguage) ?? language;
    } else tenant = text(value);
  }
  if (!tenant && rule.tenant) {
    tenant = rule.tenant.documentId;
    language = rule.tenant.defaultLanguage ?? language;
  }

  // Template: known to Strapi and approved by Meta.
  const template = await findTemplate(strapi, rule.templateName, rule.language);
  const label = `${rule.templateName} (${rule.language})`;
  let templateInfo: PreparedSend['template'] = null;
  let components: MetaComponent[] | null = null;
  let rendered: RenderedSlot[] = [];
  let values = empty;
  let parts = {};
  if (!template) reasons.push(`template ${label} does not exist in Strapi: sync templates from Meta or create it`);
  else {
    templateInfo = { name: template.name, language: template.language, status: template.reviewStatus ?? null, documentId: template.documentId };
    if (template.reviewStatus !== 'APPROVED') reasons.push(`template ${label} is ${template.reviewStatus ?? 'not approved'}, not APPROVED`);
    components = templateComponents(template);
    const { slots, named } = templateSlots(template);
    const result = renderParameters(slots, rule.parameterMapping, {
      resolve: (path) => {
        const described = describePath(lookup, uid, path);
        if (!described.ok) return { value: undefined };
        return { value: readPath(record, path), attributeType: described.type };
      },
      locale: toLocale(language ?? rule.language),
      adminUrl: adminUrlOf(strapi, uid, record.documentId, options.locale ?? null),
    });
    rendered = result.rendered;
    values = result.values;
    for (const problem of result.problems) reasons.push(`parameter ${problem.message}`);
    parts = toTemplateSendParts(slots, result.values, named);
  }

  const recipient = to || customer ? { to, customer, tenant } : null;
  const input =
    reasons.length === 0
      ? {
          ...(customer ? { customer } : { to: to! }),
          ...(tenant ? { tenant } : {}),
          template: { name: rule.templateName, language: rule.language, ...parts },
        }
      : null;
  return { reasons, input, recipient, template: templateInfo, components, rendered, values };
}

import type { Core } from '@strapi/strapi';
import { TEMPLATE_STATUSES as ALL_TEMPLATE_STATUSES } from '../../../shared/contracts/templates';
import { CATEGORIES as TEMPLATE_CATEGORIES } from '../../../shared/templates/types';
import type { TemplateCategoryChange } from '../../../shared/contracts/automations';
import { UID } from '../../../shared/uids';
import { getService } from '../core/get-service';
import { timestampOf } from './inbound-mapper';

/** Template statuses and categories the template content type knows (Meta's values; DRAFT is ours). */
const TEMPLATE_STATUSES = new Set<string>(ALL_TEMPLATE_STATUSES.filter((status) => status !== 'DRAFT'));
const CATEGORIES = new Set<string>(TEMPLATE_CATEGORIES);

export interface ManagementResult {
  /** Records changed. */
  updated: number;
  /** A note for the event log when nothing could be matched. */
  note?: string;
}

/**
 * The non-message webhook fields (docs/whatsapp-cloud-api.md#management-webhooks) onto our records:
 * template review status, category and quality onto templates; quality rating and messaging tier
 * onto phone numbers; marketing stop/resume onto customers. `account_update` and other fields are
 * kept on the event only.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  /** Templates named by a webhook: by Meta id, else by name + language (within the WABA's account). */
  const findTemplates = async (value: any, accountId: number | undefined) => {
    const templates = strapi.db.query(UID.template);
    const metaId = value?.message_template_id !== undefined && value?.message_template_id !== null ? String(value.message_template_id) : undefined;
    if (metaId) {
      const byId = await templates.findMany({ select: ['id'], where: { metaTemplateId: metaId } });
      if (byId.length) return byId as { id: number }[];
    }
    const name = value?.message_template_name;
    const language = value?.message_template_language;
    if (typeof name !== 'string' || typeof language !== 'string') return [];
    const where: Record<string, unknown> = { name, language };
    if (accountId) where.$or = [{ account: { id: accountId } }, { account: { id: { $null: true } } }];
    return (await templates.findMany({ select: ['id'], where })) as { id: number }[];
  };

  const updateTemplates = async (value: any, accountId: number | undefined, data: Record<string, unknown>): Promise<ManagementResult> => {
    const found = await findTemplates(value, accountId);
    if (!found.length) {
      return { updated: 0, note: `template ${value?.message_template_name ?? value?.message_template_id ?? '?'} (${value?.message_template_language ?? '?'}) is not in Strapi` };
    }
    const metaId = value?.message_template_id !== undefined && value?.message_template_id !== null ? String(value.message_template_id) : undefined;
    for (const { id } of found) {
      await strapi.db.query(UID.template).update({ where: { id }, data: { ...data, ...(metaId ? { metaTemplateId: metaId } : {}) } });
    }
    return { updated: found.length };
  };

  /**
   * Flags every automation rule that sends the recategorised template (by name and language, or
   * by its link to one of the template rows), for the Automations page. The query engine writes
   * it, so the rule cache and the audit log are untouched.
   */
  const flagRules = async (value: any, accountId: number | undefined, change: TemplateCategoryChange): Promise<number> => {
    const found = await findTemplates(value, accountId);
    const rows = (await strapi.db.query(UID.template).findMany({ select: ['id', 'name', 'language'], where: { id: { $in: found.map((t) => t.id) } } })) as any[];
    if (!rows.length) return 0;
    const where = {
      $or: [{ template: { id: { $in: rows.map((row) => row.id) } } }, ...rows.map((row) => ({ templateName: row.name, language: row.language }))],
    };
    const rules = (await strapi.db.query(UID.automation).findMany({ select: ['id'], where })) as { id: number }[];
    for (const rule of rules) await strapi.db.query(UID.automation).update({ where: { id: rule.id }, data: { templateCategoryChange: change } });
    return rules.length;
  };

  return {
    async templateStatus(value: any, accountId?: number): Promise<ManagementResult> {
      const event = String(value?.event ?? '').toUpperCase();
      if (!TEMPLATE_STATUSES.has(event)) return { updated: 0, note: `template status ${event || '(none)'} is not one we track` };
      const data: Record<string, unknown> = { reviewStatus: event };
      if (event === 'REJECTED') {
        const reason = value?.rejection_info?.reason ?? value?.reason;
        const recommendation = value?.rejection_info?.recommendation;
        data.rejectionReason = [reason && reason !== 'NONE' ? reason : null, recommendation].filter(Boolean).join(': ') || reason || null;
      } else if (['PAUSED', 'DISABLED', 'FLAGGED'].includes(event)) {
        const info = value?.other_info;
        data.lastError = [info?.title, info?.description, value?.disable_info?.disable_date ? `disable date ${value.disable_info.disable_date}` : null]
          .filter(Boolean)
          .join(': ') || null;
      } else if (event === 'APPROVED') {
        data.rejectionReason = null;
      }
      if (CATEGORIES.has(String(value?.message_template_category ?? '').toUpperCase())) {
        data.category = String(value.message_template_category).toUpperCase();
      }
      return updateTemplates(value, accountId, data);
    },

    async templateCategory(value: any, accountId?: number): Promise<ManagementResult> {
      const next = String(value?.new_category ?? '').toUpperCase();
      if (!CATEGORIES.has(next)) return { updated: 0, note: `template category ${next || '(none)'} is not one we track` };
      const data: Record<string, unknown> = { category: next };
      // Completed change: previous_category. Impending (24 h notice): correct_category is what it becomes.
      if (value?.previous_category) data.previousCategory = String(value.previous_category).toUpperCase();
      if (value?.correct_category && CATEGORIES.has(String(value.correct_category).toUpperCase())) {
        data.category = next;
        data.lastError = `Meta will recategorise this template to ${String(value.correct_category).toUpperCase()}${
          value.category_update_timestamp ? ` on ${timestampOf(value.category_update_timestamp).toISOString()}` : ''
        }.`;
      }
      const result = await updateTemplates(value, accountId, data);
      if (!result.updated) return result;
      // Completed: previous_category → new_category. Notice: new_category (now) → correct_category.
      const pending = Boolean(value?.correct_category) && !value?.previous_category;
      const change: TemplateCategoryChange = {
        from: pending ? next : value?.previous_category ? String(value.previous_category).toUpperCase() : null,
        to: pending ? String(value.correct_category).toUpperCase() : next,
        at: new Date().toISOString(),
        pending,
        effectiveAt: pending && value?.category_update_timestamp ? timestampOf(value.category_update_timestamp).toISOString() : null,
      };
      if (change.from === change.to) return result;
      const flagged = await flagRules(value, accountId, change);
      return flagged ? { ...result, note: `${flagged} automation rule(s) sending it flagged` } : result;
    },

    async templateQuality(value: any, accountId?: number): Promise<ManagementResult> {
      const score = value?.new_quality_score;
      if (typeof score !== 'string') return { updated: 0, note: 'no new_quality_score' };
      return updateTemplates(value, accountId, { qualityScore: score.toUpperCase() });
    },

    /** Onto the number whose display number matches, within the WABA's account. */
    async phoneNumberQuality(value: any, accountId?: number): Promise<ManagementResult> {
      const digits = String(value?.display_phone_number ?? '').replace(/\D/g, '');
      if (!digits) return { updated: 0, note: 'no display_phone_number' };
      const where: Record<string, unknown> = accountId ? { account: { id: accountId } } : {};
      const numbers = (await strapi.db.query(UID.phoneNumber).findMany({ select: ['id', 'displayPhoneNumber'], where })) as any[];
      const matching = numbers.filter((n) => String(n.displayPhoneNumber ?? '').replace(/\D/g, '') === digits);
      if (!matching.length) return { updated: 0, note: `phone number ${digits} is not in Strapi` };
      const data: Record<string, unknown> = {};
      const tier = value?.max_daily_conversations_per_business ?? value?.current_limit;
      if (typeof tier === 'string' && tier) data.messagingLimitTier = tier;
      const event = String(value?.event ?? '').toUpperCase();
      if (event === 'FLAGGED') data.qualityRating = 'RED';
      if (event === 'UNFLAGGED') data.qualityRating = 'GREEN';
      if (typeof value?.quality_rating === 'string') data.qualityRating = value.quality_rating.toUpperCase();
      if (!Object.keys(data).length) return { updated: 0, note: `quality event ${event || '(none)'} carries nothing to store` };
      for (const { id } of matching) await strapi.db.query(UID.phoneNumber).update({ where: { id }, data });
      return { updated: matching.length };
    },

    /** Marketing stop/resume from the user (user_preferences), onto the customer of the number's tenant. */
    async userPreferences(value: any): Promise<ManagementResult> {
      const route = await getService(strapi, 'number-routing').resolve(value?.metadata?.phone_number_id);
      const preferences = Array.isArray(value?.user_preferences) ? value.user_preferences : [];
      let updated = 0;
      const notes: string[] = [];
      for (const preference of preferences) {
        if (preference?.category !== 'marketing_messages') continue;
        const choice = String(preference.value ?? '').toLowerCase();
        if (choice !== 'stop' && choice !== 'resume') continue;
        const contact = Array.isArray(value?.contacts)
          ? value.contacts.find((c: any) => c?.wa_id === preference.wa_id) ?? value.contacts[0]
          : undefined;
        const customer = await getService(strapi, 'customers').matchSender({
          tenant: route?.tenant ?? null,
          waId: preference.wa_id ?? contact?.wa_id ?? null,
          userId: preference.user_id ?? contact?.user_id ?? null,
          profileName: contact?.profile?.name ?? null,
        });
        if (!customer) {
          notes.push(`no customer for ${preference.wa_id ?? preference.user_id ?? '?'}`);
          continue;
        }
        await getService(strapi, 'customers').setMarketingOptOut(customer, choice === 'stop', timestampOf(preference.timestamp), route?.tenant?.id);
        updated += 1;
      }
      return { updated, ...(notes.length ? { note: notes.join('; ') } : {}) };
    },
  };
};

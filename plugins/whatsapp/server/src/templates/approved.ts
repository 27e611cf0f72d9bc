import type { Core } from '@strapi/strapi';
import { UID } from '../../../shared/uids';
import { unprocessable } from '../core/errors';
import type { TemplateDefinition } from './parameters';

export interface TemplateRow extends TemplateDefinition {
  id: number;
  documentId: string;
  reviewStatus: string;
  category: string;
  account?: { id: number; isMaster?: boolean | null } | null;
}

/**
 * The approved template `name` in `language` that the sender's account may use: one of that
 * account, or of the master (shared) account. Refusals say which of the three went wrong:
 * unknown name, not in that language, or not approved (yet).
 */
export async function findSendableTemplate(strapi: Core.Strapi, name: string, language: string, accountId: number): Promise<TemplateRow> {
  const candidates: TemplateRow[] = await strapi.db.query(UID.template).findMany({
    where: { name },
    populate: { account: { select: ['id', 'isMaster'] } },
  });
  const usable = candidates.filter(
    (template: TemplateRow & { deletedAtMeta?: boolean | null }) =>
      !template.deletedAtMeta && (!template.account || template.account.id === accountId || template.account.isMaster)
  );
  if (usable.length === 0) {
    throw unprocessable(`There is no template named "${name}" for this sender's WhatsApp account. Sync or create it first.`, {
      path: ['template', 'name'],
    });
  }
  const inLanguage = usable.filter((template) => template.language === language);
  if (inLanguage.length === 0) {
    const languages = [...new Set(usable.map((template) => template.language))].sort().join(', ');
    throw unprocessable(`The template "${name}" does not exist in ${language}; it exists in: ${languages}.`, {
      path: ['template', 'language'],
    });
  }
  // Prefer the sender's own account over the master's when both have it.
  inLanguage.sort((a, b) => Number(b.account?.id === accountId) - Number(a.account?.id === accountId));
  const approved = inLanguage.find((template) => template.reviewStatus === 'APPROVED');
  if (!approved) {
    throw unprocessable(
      `The template "${name}" (${language}) is ${inLanguage[0].reviewStatus.toLowerCase()}, not approved: only approved templates can be sent.`,
      { path: ['template', 'name'], status: inLanguage[0].reviewStatus }
    );
  }
  return approved;
}

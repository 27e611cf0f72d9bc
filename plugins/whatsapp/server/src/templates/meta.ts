import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { SyncTemplates, TemplateSummary } from '../../../shared/contracts/templates';
import { fromMetaComponents, lintTemplate, parameterCount, toMetaCreateBody, type LintFinding, type TemplateDraft } from '../../../shared/templates';
import { GraphApiError, GraphTransportError, type TemplateRecord } from '../core/graph';
import { explainTemplateError, metaErrorDetails } from './meta-errors';
import { summaryAccount, templateReadModel, type AccountRow, type TemplateRow } from './read-model';
import { UID } from '../../../shared/uids';
import { badGateway, serviceUnavailable, type StatusError } from '../core/errors';
import { getService } from '../core/get-service';
import { templateAuthoring } from './authoring';

/**
 * Templates at Meta: submit a draft authored in Strapi, sync what each account has at Meta
 * (templates made in WhatsApp Manager included), delete. The `templates` service is this plus
 * the read model (list, one, usage statistics: read-model.ts) and the form's writes (create,
 * save or edit at Meta, header samples: authoring.ts).
 * Review results arrive later by webhook (handled by the inbound processor on the same record,
 * found by `metaTemplateId` or by `templateKey`).
 */

/** The unique key of a template at Meta: one name per language per WABA. */
export const templateKeyOf = (wabaId: string, name: string, language: string) => `${wabaId}:${name}:${language}`;

/** Lint errors in Strapi's form-error shape, so the edit view can attach them to fields. */
function lintValidationError(findings: LintFinding[]) {
  const errorsOnly = findings.filter((f) => f.severity === 'error');
  return new errors.ValidationError(
    `The template does not meet WhatsApp's rules yet (${errorsOnly.length} problem${errorsOnly.length === 1 ? '' : 's'}). ${errorsOnly[0].message}`,
    {
      errors: errorsOnly.map((f) => ({ path: f.path.split('.'), message: f.message, name: 'ValidationError', rule: f.rule })),
      findings,
    }
  );
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const accounts = () => getService(strapi, 'accounts');
  const readModel = templateReadModel(strapi);
  const { loadRow, withStats } = readModel;
  const submitting = new Set<string>();
  let running: Promise<SyncTemplates.AccountResult[]> | undefined;

  /** The account a template belongs to (the master one when none is set) and its credentials. */
  async function accountFor(row: Pick<TemplateRow, 'account'>) {
    const account = (row.account as AccountRow | null) ?? ((await accounts().findMaster()) as AccountRow | null);
    if (!account) {
      throw serviceUnavailable('WhatsApp is not configured: there is no business account to submit templates to.');
    }
    const credentials = accounts().credentialsOf(account as any);
    if (!credentials) {
      throw serviceUnavailable(`The business account "${account.name ?? account.wabaId}" has no access token.`);
    }
    return { account, credentials, graph: accounts().graphClient(credentials) };
  }

  function unreachable(error: GraphTransportError): StatusError {
    const reason = error.kind === 'timeout' ? 'did not answer in time' : 'could not be reached';
    return badGateway(`WhatsApp (Meta's Graph API) ${reason}. Nothing was changed; try again in a moment.`);
  }

  /** Fields of a local record that mirror a template listed by Meta. */
  function fieldsFromMeta(record: TemplateRecord, account: AccountRow, previous?: TemplateRow) {
    const authoring = fromMetaComponents(record.components, record.parameterFormat);
    const category = record.category || previous?.category || 'UTILITY';
    const rejected = record.rejectedReason && record.rejectedReason !== 'NONE' ? record.rejectedReason : null;
    return {
      name: record.name,
      language: record.language,
      category,
      ...(previous && previous.category && previous.category !== category ? { previousCategory: previous.category } : {}),
      parameterFormat: record.parameterFormat === 'NAMED' ? 'NAMED' : 'POSITIONAL',
      reviewStatus: record.status,
      components: record.components,
      ...authoring,
      rejectionReason: record.status === 'REJECTED' ? rejected ?? previous?.rejectionReason ?? null : null,
      metaTemplateId: record.id,
      templateKey: templateKeyOf(account.wabaId, record.name, record.language),
      deletedAtMeta: false,
      lastSyncedAt: new Date(),
      account: account.documentId,
    };
  }

  /**
   * A record of this template that never got Meta's id (imported, seeded, or written by a status
   * webhook before any sync): same name and language, this account or none. Drafts are left alone:
   * they are an editor's work, and their submit will say the name is taken.
   */
  async function adoptable(account: AccountRow, record: TemplateRecord) {
    return strapi.db.query(UID.template).findOne({
      where: {
        name: record.name,
        language: record.language,
        metaTemplateId: { $null: true },
        reviewStatus: { $ne: 'DRAFT' },
        $or: [{ account: { id: account.id } }, { account: { id: { $null: true } } }],
      },
    });
  }

  async function syncAccount(account: AccountRow): Promise<SyncTemplates.AccountResult> {
    const result: SyncTemplates.AccountResult = {
      account: summaryAccount(account)!,
      listed: 0,
      created: 0,
      updated: 0,
      markedDeleted: 0,
    };
    const credentials = accounts().credentialsOf(account as any);
    if (!credentials) return { ...result, error: 'This account has no access token.' };

    let records: TemplateRecord[];
    try {
      records = await accounts().graphClient(credentials).listTemplates(account.wabaId);
    } catch (error) {
      if (error instanceof GraphApiError) return { ...result, error: explainTemplateError(error) };
      if (error instanceof GraphTransportError) return { ...result, error: unreachable(error).message };
      throw error;
    }
    result.listed = records.length;

    const query = strapi.db.query(UID.template);
    const seen = new Set<string>();
    for (const record of records) {
      if (!record.id || !record.name || !record.language) continue;
      seen.add(record.id);
      const key = templateKeyOf(account.wabaId, record.name, record.language);
      const existing = ((await query.findOne({
        where: { $or: [{ metaTemplateId: record.id }, { templateKey: key }] },
      })) ?? (await adoptable(account, record))) as TemplateRow | null;
      const data = fieldsFromMeta(record, account, existing ?? undefined);
      if (existing) {
        await strapi.documents(UID.template).update({ documentId: existing.documentId, data: data as any });
        result.updated += 1;
      } else {
        try {
          await strapi.documents(UID.template).create({ data: data as any });
          result.created += 1;
        } catch (error) {
          // A concurrent sync (another instance) created it first: update instead.
          const raced = (await query.findOne({ where: { templateKey: key } })) as TemplateRow | null;
          if (!raced) throw error;
          await strapi.documents(UID.template).update({ documentId: raced.documentId, data: data as any });
          result.updated += 1;
        }
      }
    }

    // Templates this account had at Meta and that are gone now (deleted in WhatsApp Manager).
    const known = (await query.findMany({
      where: { account: account.id, metaTemplateId: { $notNull: true }, deletedAtMeta: false },
      select: ['id', 'documentId', 'metaTemplateId'],
    })) as TemplateRow[];
    for (const row of known) {
      if (seen.has(row.metaTemplateId)) continue;
      await strapi.documents(UID.template).update({
        documentId: row.documentId,
        data: { deletedAtMeta: true, reviewStatus: 'DELETED', templateKey: null, lastSyncedAt: new Date() } as any,
      });
      result.markedDeleted += 1;
    }
    return result;
  }

  return {
    ...readModel.queries,
    ...templateAuthoring(strapi, { loadRow, findOne: readModel.queries.findOne, accountFor, unreachable }),

    /**
     * Lints the draft, submits it to Meta with its account's credentials (the master account by
     * default) and stores Meta's id with status PENDING. Meta's refusal is stored in `lastError`
     * and thrown as a 400 in plain words.
     */
    async submit(documentId: string): Promise<{ template: TemplateSummary; warnings: LintFinding[] }> {
      if (submitting.has(documentId)) {
        throw new errors.ApplicationError('This template is already being submitted. Wait for the answer.');
      }
      submitting.add(documentId);
      try {
        const row = await loadRow(documentId);
        if (row.metaTemplateId && !row.deletedAtMeta) {
          throw new errors.ApplicationError(
            `This template is already at Meta (status ${row.reviewStatus}). Sync to see its latest state, or delete it to start over.`
          );
        }
        const lint = lintTemplate(row as TemplateDraft);
        if (!lint.ok) throw lintValidationError(lint.findings);

        const { account, credentials, graph } = await accountFor(row);
        const body = toMetaCreateBody(row as TemplateDraft);
        const key = templateKeyOf(credentials.wabaId, body.name, body.language);
        const clash = await strapi.db.query(UID.template).findOne({ where: { templateKey: key, id: { $ne: row.id } } });
        if (clash) {
          throw new errors.ValidationError(`A template named ${body.name} in ${body.language} already exists for this account.`, {
            errors: [{ path: ['name'], message: 'This name is already used in this language for this account.', name: 'ValidationError' }],
          });
        }

        let created;
        try {
          created = await graph.createTemplate(credentials.wabaId, body);
        } catch (error) {
          if (error instanceof GraphApiError) {
            const message = explainTemplateError(error);
            await strapi.documents(UID.template).update({ documentId, data: { lastError: message } as any });
            throw new errors.ApplicationError(message, { meta: metaErrorDetails(error) });
          }
          if (error instanceof GraphTransportError) throw unreachable(error);
          throw error;
        }

        // Meta's review webhook can beat this write (it finds the draft by name and language);
        // a status it already applied is newer than the PENDING of the create answer.
        const current = (await strapi.db.query(UID.template).findOne({ where: { id: row.id }, select: ['reviewStatus'] })) as TemplateRow | null;
        const reviewed = current && current.reviewStatus !== 'DRAFT' && current.reviewStatus !== row.reviewStatus;
        const reviewStatus = reviewed ? current!.reviewStatus : created.status || 'PENDING';
        // The record and its audit entry in one transaction: no entry for a write that rolled back.
        await strapi.db.transaction(async () => {
          await strapi.documents(UID.template).update({
            documentId,
            data: {
              metaTemplateId: created.id,
              ...(reviewed ? {} : { reviewStatus: created.status || 'PENDING' }),
              category: created.category || body.category,
              ...(created.category && created.category !== body.category ? { previousCategory: body.category } : {}),
              components: body.components,
              parameterCount: parameterCount(body.components),
              templateKey: key,
              account: account.documentId,
              lastError: null,
              rejectionReason: null,
              deletedAtMeta: false,
              lastSyncedAt: new Date(),
            } as any,
          });
          await getService(strapi, 'audit').record({
            action: 'template.submitted',
            subject: { type: 'template', documentId, label: `${body.name} (${body.language})` },
            before: { reviewStatus: row.reviewStatus ?? 'DRAFT' },
            after: { reviewStatus, metaTemplateId: created.id, category: created.category || body.category },
          });
        });
        return { template: await this.findOne(documentId), warnings: lint.warnings };
      } finally {
        submitting.delete(documentId);
      }
    },

    /** Deletes the template at Meta (this language only) and then here. */
    async remove(documentId: string): Promise<{ documentId: string; deletedAtMeta: boolean }> {
      const row = await loadRow(documentId);
      let deletedAtMeta = false;
      if (row.metaTemplateId && !row.deletedAtMeta) {
        const { credentials, graph } = await accountFor(row);
        try {
          await graph.deleteTemplate(credentials.wabaId, { name: row.name, hsmId: row.metaTemplateId });
          deletedAtMeta = true;
        } catch (error) {
          // Already gone at Meta (deleted in WhatsApp Manager): nothing left to delete there.
          const gone = error instanceof GraphApiError && (error.httpStatus === 404 || error.code === 33);
          if (error instanceof GraphApiError && !gone) {
            throw new errors.ApplicationError(explainTemplateError(error), { meta: metaErrorDetails(error) });
          }
          if (error instanceof GraphTransportError) throw unreachable(error);
          if (!gone) throw error;
        }
      }
      await strapi.db.transaction(async () => {
        await strapi.documents(UID.template).delete({ documentId });
        await getService(strapi, 'audit').record({
          action: 'template.deleted',
          subject: { type: 'template', documentId, label: `${row.name} (${row.language})` },
          before: { reviewStatus: row.reviewStatus ?? null, metaTemplateId: row.metaTemplateId ?? null },
          after: { deletedAtMeta },
        });
      });
      return { documentId, deletedAtMeta };
    },

    /**
     * Lists every template of every account at Meta and upserts them here (by Meta id, then by
     * WABA + name + language). One sync at a time per process: a second call shares the first.
     */
    async sync(): Promise<SyncTemplates.AccountResult[]> {
      if (running) return running;
      running = (async () => {
        const rows = (await strapi.db.query(UID.businessAccount).findMany({ orderBy: { id: 'asc' } })) as AccountRow[];
        const results: SyncTemplates.AccountResult[] = [];
        for (const account of rows) results.push(await syncAccount(account));
        return results;
      })();
      try {
        return await running;
      } finally {
        running = undefined;
      }
    },
  };
};

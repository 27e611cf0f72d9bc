import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { TemplateAuthoring, TemplateDetail, UploadHeaderSample } from '../../../shared/contracts/templates';
import {
  EDIT_LIMITS,
  EDIT_LIMITS_TEXT,
  HEADER_SAMPLE_TYPES,
  isEditableStatus,
  lintTemplate,
  parameterCount,
  toMetaComponents,
  type LintFinding,
  type TemplateDraft,
} from '../../../shared/templates';
import { UID } from '../../../shared/uids';
import { serviceUnavailable, unprocessable, type StatusError } from '../core/errors';
import { getService } from '../core/get-service';
import { GraphApiError, GraphTransportError, type GraphClient } from '../core/graph';
import { readUploadFile, type UploadFileRow } from '../outbound/media-files';
import { explainTemplateError, metaErrorDetails } from './meta-errors';
import type { AccountRow, TemplateRow } from './read-model';
import { SANDBOX_APP_ID } from '../../../sandbox/uploads';

/**
 * The template form's writes (admin routes, docs/templates.md#the-template-form): create and save
 * drafts, edit a template that is at Meta through Meta's edit endpoint within its limits, and
 * upload a media header's sample to Meta's Resumable Upload API. Drafts may be saved unfinished;
 * lint blocks only what goes to Meta (submit, edit).
 */

/** Offline, without WHATSAPP_APP_ID, uploads go to the in-process sandbox's app. */
const OFFLINE_APP_ID = SANDBOX_APP_ID;

interface Deps {
  loadRow(documentId: string): Promise<TemplateRow>;
  findOne(documentId: string): Promise<TemplateDetail>;
  accountFor(row: Pick<TemplateRow, 'account'>): Promise<{ account: AccountRow; credentials: { wabaId: string }; graph: GraphClient }>;
  unreachable(error: GraphTransportError): StatusError;
}

const fieldError = (path: string[], message: string, details: Record<string, unknown> = {}) =>
  new errors.ValidationError(message, { errors: [{ path, message, name: 'ValidationError' }], ...details });

/** The stored fields of the form's input (examples kept in the shape of the parameter format). */
function fieldsOf(input: TemplateAuthoring) {
  return {
    name: input.name,
    language: input.language,
    category: input.category,
    parameterFormat: input.parameterFormat,
    headerFormat: input.headerFormat,
    headerText: input.headerFormat === 'TEXT' ? input.headerText ?? null : null,
    headerExample: input.headerFormat === 'NONE' || input.headerFormat === 'LOCATION' ? null : input.headerExample ?? null,
    body: input.body,
    bodyExamples: input.bodyExamples ?? null,
    footer: input.footer ?? null,
    buttons: input.buttons,
  };
}

export function templateAuthoring(strapi: Core.Strapi, deps: Deps) {
  const documents = () => strapi.documents(UID.template);

  async function accountId(documentId: string | null | undefined): Promise<string | undefined> {
    if (!documentId) return undefined;
    const account = await strapi.db.query(UID.businessAccount).findOne({ where: { documentId }, select: ['documentId'] });
    if (!account) throw fieldError(['account'], `There is no business account ${documentId}.`);
    return account.documentId;
  }

  /** Meta's edit: lint, then `POST /{template-id}`; the record goes back to PENDING. */
  async function editAtMeta(row: TemplateRow, input: TemplateAuthoring, findings: LintFinding[]) {
    const limits = { editLimits: EDIT_LIMITS };
    if (input.name !== row.name) throw fieldError(['name'], `The name of a template at Meta cannot be changed. ${EDIT_LIMITS_TEXT}`, limits);
    if (input.language !== row.language) {
      throw fieldError(['language'], `The language of a template at Meta cannot be changed. ${EDIT_LIMITS_TEXT}`, limits);
    }
    if (!isEditableStatus(row.reviewStatus)) {
      throw new errors.ApplicationError(`This template is ${row.reviewStatus} at Meta, so it cannot be edited now. ${EDIT_LIMITS_TEXT}`, limits);
    }
    if (row.reviewStatus === 'APPROVED' && input.category !== row.category) {
      throw fieldError(['category'], `The category of an approved template cannot be changed. ${EDIT_LIMITS_TEXT}`, limits);
    }
    const errorsOnly = findings.filter((f) => f.severity === 'error');
    if (errorsOnly.length > 0) {
      throw new errors.ValidationError(`The template does not meet WhatsApp's rules yet. ${errorsOnly[0].message}`, {
        errors: errorsOnly.map((f) => ({ path: f.path.split('.'), message: f.message, name: 'ValidationError', rule: f.rule })),
        findings,
      });
    }
    const { graph } = await deps.accountFor(row);
    const components = toMetaComponents(input as TemplateDraft);
    try {
      await graph.editTemplate(row.metaTemplateId, {
        components,
        ...(input.category !== row.category ? { category: input.category } : {}),
      });
    } catch (error) {
      if (error instanceof GraphApiError) {
        const message = `${explainTemplateError(error)} ${EDIT_LIMITS_TEXT}`;
        await documents().update({ documentId: row.documentId, data: { lastError: message } as any });
        throw new errors.ApplicationError(message, { meta: metaErrorDetails(error), ...limits });
      }
      if (error instanceof GraphTransportError) throw deps.unreachable(error);
      throw error;
    }
    await documents().update({
      documentId: row.documentId,
      data: {
        ...fieldsOf(input),
        components,
        parameterCount: parameterCount(components),
        reviewStatus: 'PENDING',
        rejectionReason: null,
        lastError: null,
        lastSyncedAt: new Date(),
      } as any,
    });
  }

  return {
    async create(input: TemplateAuthoring): Promise<{ template: TemplateDetail; findings: LintFinding[] }> {
      const account = await accountId(input.account);
      const created = await documents().create({
        data: { ...fieldsOf(input), reviewStatus: 'DRAFT', ...(account ? { account } : {}) } as any,
      });
      return { template: await deps.findOne(created.documentId), findings: lintTemplate(input as TemplateDraft).findings };
    },

    async update(documentId: string, input: TemplateAuthoring): Promise<{ template: TemplateDetail; findings: LintFinding[]; editedAtMeta: boolean }> {
      const row = await deps.loadRow(documentId);
      const findings = lintTemplate(input as TemplateDraft).findings;
      const atMeta = Boolean(row.metaTemplateId) && !row.deletedAtMeta;
      if (atMeta) {
        await editAtMeta(row, input, findings);
      } else {
        const account = input.account === undefined ? undefined : await accountId(input.account);
        await documents().update({ documentId, data: { ...fieldsOf(input), ...(account ? { account } : {}) } as any });
      }
      return { template: await deps.findOne(documentId), findings, editedAtMeta: atMeta };
    },

    /** Reads a media-library file and uploads it to Meta's Resumable Upload API: the header sample's handle. */
    async uploadHeaderSample(input: UploadHeaderSample.Body): Promise<UploadHeaderSample.Response['data']> {
      const rule = HEADER_SAMPLE_TYPES[input.format];
      const where = typeof input.file === 'number' || /^\d+$/.test(String(input.file)) ? { id: Number(input.file) } : { documentId: input.file };
      const file: UploadFileRow | null = await strapi.db.query('plugin::upload.file').findOne({ where });
      if (!file) throw unprocessable(`There is no file ${input.file} in the media library.`, { path: ['file'] });
      const mime = String(file.mime ?? '').split(';')[0].trim().toLowerCase();
      if (!(rule.mimes as readonly string[]).includes(mime)) {
        throw unprocessable(`A ${input.format.toLowerCase()} header takes ${rule.label}; this file is ${mime || 'of an unknown type'}.`, { path: ['file'] });
      }
      if (Number(file.size) * 1024 > rule.maxBytes) {
        throw unprocessable(`The file is too large for a ${input.format.toLowerCase()} header: ${rule.label}.`, { path: ['file'] });
      }

      const state = getService(strapi, 'runtime').get();
      const appId = state.config.appId ?? (state.mode === 'offline' ? OFFLINE_APP_ID : undefined);
      if (!appId) {
        throw serviceUnavailable('Set WHATSAPP_APP_ID (your Meta app id) to upload media header samples to Meta.');
      }
      const account = input.account
        ? ((await strapi.db.query(UID.businessAccount).findOne({ where: { documentId: input.account } })) as AccountRow | null)
        : null;
      if (input.account && !account) throw fieldError(['account'], `There is no business account ${input.account}.`);
      const { graph } = await deps.accountFor({ account });

      const data = await readUploadFile(strapi, file);
      try {
        const { handle } = await graph.uploadTemplateSample(appId, { data, mimeType: mime, filename: file.name });
        return { handle, format: input.format, file: { id: file.id, name: file.name, mime, url: file.url } };
      } catch (error) {
        if (error instanceof GraphApiError) {
          throw new errors.ApplicationError(`Meta did not take the sample file. ${explainTemplateError(error)}`, { meta: metaErrorDetails(error) });
        }
        if (error instanceof GraphTransportError) throw deps.unreachable(error);
        throw error;
      }
    },
  };
}

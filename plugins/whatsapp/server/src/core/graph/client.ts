import { createHash, timingSafeEqual } from 'node:crypto';
import { GraphTransportError, type GraphMethod } from './errors';
import { exchange } from './transport';
import { graphApiErrorFrom, invalidShape, parseGraphJson } from './parse';
import { toMediaInfo, toPhoneNumberRecord, toTemplateRecord } from './mappers';
import {
  PHONE_NUMBER_FIELDS,
  TEMPLATE_FIELDS,
  type CreateTemplateBody,
  type CreateTemplateResult,
  type DeleteTemplateInput,
  type GraphClientOptions,
  type BlockUsersResult,
  type MarkReadOptions,
  type MediaInfo,
  type PhoneNumberRecord,
  type SendMessageBody,
  type SendMessageResult,
  type TemplateRecord,
  type UploadMediaInput,
} from './types';

/**
 * Typed Graph API (Cloud API) client. Each method is one documented call; every failure is a
 * GraphApiError (Meta refused) or a GraphTransportError (no Meta answer). The access token lives
 * only in this closure and in the Authorization header.
 */

const PAGE_SIZE = 100;
/** A runaway `next` loop (a proxy echoing the same cursor) must end; 1000 pages is far beyond real WABAs. */
const MAX_PAGES = 1000;

interface CallOptions {
  params?: Record<string, string | number | undefined>;
  data?: unknown;
  authScheme?: 'Bearer' | 'OAuth';
  headers?: Record<string, string>;
}

interface Page<T> {
  data?: T[];
  paging?: { cursors?: { after?: string }; next?: string };
}

export function createGraphClient(options: GraphClientOptions) {
  const { baseUrl, apiVersion, accessToken, timeoutMs = 15_000 } = options;
  if (!/^https?:\/\/[^/]+/i.test(baseUrl ?? '')) throw new Error('createGraphClient: baseUrl must be an http(s) URL');
  if (!/^v\d+\.\d+$/.test(apiVersion ?? '')) throw new Error('createGraphClient: apiVersion must look like v25.0');
  if (typeof accessToken !== 'string' || accessToken.trim() === '') throw new Error('createGraphClient: accessToken is required');
  if (!(timeoutMs > 0)) throw new Error('createGraphClient: timeoutMs must be positive');

  const root = `${baseUrl.replace(/\/+$/, '')}/${apiVersion}`;
  const secrets = [accessToken];
  const segment = (id: string, what: string) => {
    if (typeof id !== 'string' || id.trim() === '') throw new Error(`Graph API client: ${what} is required`);
    return encodeURIComponent(id);
  };

  async function call<T>(method: GraphMethod, path: string, callOptions: CallOptions = {}): Promise<T> {
    const where = { method, path: `/${apiVersion}${path}`, secrets };
    const raw = await exchange({
      method,
      url: `${root}${path}`,
      path: where.path,
      params: callOptions.params,
      data: callOptions.data,
      accessToken,
      timeoutMs,
      authScheme: callOptions.authScheme,
      headers: callOptions.headers,
    });
    return parseGraphJson<T>(raw, where);
  }

  /** Follows cursor paging to the end. The `next` URL is not used: Meta puts the token in it. */
  async function all<T>(path: string, params: Record<string, string | number>): Promise<T[]> {
    const items: T[] = [];
    const seen = new Set<string>();
    let after: string | undefined;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const result = await call<Page<T>>('GET', path, { params: { ...params, limit: PAGE_SIZE, after } });
      if (result.data !== undefined && !Array.isArray(result.data)) {
        throw invalidShape({ method: 'GET', path: `/${apiVersion}${path}`, secrets }, "'data' is not a list");
      }
      items.push(...(result.data ?? []));
      after = result.paging?.cursors?.after;
      if (!result.paging?.next || !after || seen.has(after)) return items;
      seen.add(after);
    }
    return items;
  }

  const expectString = (value: unknown, method: GraphMethod, path: string, what: string): string => {
    if (typeof value === 'string' && value !== '') return value;
    if (typeof value === 'number') return String(value);
    throw invalidShape({ method, path: `/${apiVersion}${path}`, secrets }, `the response has no ${what}`);
  };

  async function postMessage(path: string, body: SendMessageBody): Promise<SendMessageResult> {
    const json = await call<Record<string, any>>('POST', path, { data: { ...body, messaging_product: 'whatsapp' } });
    const message = Array.isArray(json.messages) ? json.messages[0] : undefined;
    const contact = Array.isArray(json.contacts) ? json.contacts[0] : undefined;
    return {
      wamid: expectString(message?.id, 'POST', path, 'message id'),
      waId: typeof contact?.wa_id === 'string' ? contact.wa_id : undefined,
      input: typeof contact?.input === 'string' ? contact.input : undefined,
      messageStatus: typeof message?.message_status === 'string' ? message.message_status : undefined,
    };
  }

  return {
    /** POST /{phone-number-id}/messages. A result means *accepted*; delivery comes by webhook. */
    async sendMessage(phoneNumberId: string, body: SendMessageBody): Promise<SendMessageResult> {
      return postMessage(`/${segment(phoneNumberId, 'phoneNumberId')}/messages`, body);
    },

    /**
     * POST /{phone-number-id}/marketing_messages: a MARKETING template through Meta's Marketing
     * Messages API, for accounts onboarded to it (docs/marketing-messages.md). Same body and
     * answer as /messages.
     */
    async sendMarketingMessage(phoneNumberId: string, body: SendMessageBody): Promise<SendMessageResult> {
      return postMessage(`/${segment(phoneNumberId, 'phoneNumberId')}/marketing_messages`, body);
    },

    /** Marks the message (and earlier ones) read; `typing` also shows "typing…". */
    async markRead(phoneNumberId: string, wamid: string, markOptions: MarkReadOptions = {}): Promise<void> {
      const path = `/${segment(phoneNumberId, 'phoneNumberId')}/messages`;
      const json = await call<Record<string, any>>('POST', path, {
        data: {
          messaging_product: 'whatsapp',
          status: 'read',
          message_id: wamid,
          ...(markOptions.typing ? { typing_indicator: { type: 'text' } } : {}),
        },
      });
      if (json.success !== true) throw invalidShape({ method: 'POST', path: `/${apiVersion}${path}`, secrets }, 'mark-as-read did not report success');
    },

    /**
     * POST (block) or DELETE (unblock) /{phone-number-id}/block_users, Meta's Block Users API
     * (https://developers.facebook.com/documentation/business-messaging/whatsapp/block-users/).
     * Synchronous and per user: the users Meta refused come back in `failed` with their own
     * errors (not thrown); a refusal of the whole request (token, unknown number…) is thrown.
     */
    async blockUsers(phoneNumberId: string, users: string[], action: 'block' | 'unblock' = 'block'): Promise<BlockUsersResult> {
      const method: GraphMethod = action === 'block' ? 'POST' : 'DELETE';
      const path = `/${segment(phoneNumberId, 'phoneNumberId')}/block_users`;
      const where = { method, path: `/${apiVersion}${path}`, secrets };
      const raw = await exchange({
        method,
        url: `${root}${path}`,
        path: where.path,
        data: { messaging_product: 'whatsapp', block_users: users.map((user) => ({ user })) },
        accessToken,
        timeoutMs,
      });
      let json: Record<string, any> | undefined;
      try {
        json = JSON.parse(raw.body.toString('utf8'));
      } catch {
        json = undefined;
      }
      const lists = json && typeof json.block_users === 'object' && json.block_users !== null ? json.block_users : undefined;
      const failedRaw: any[] = Array.isArray(lists?.failed_users) ? lists.failed_users : [];
      if (!lists || (raw.status >= 300 && failedRaw.length === 0)) return parseGraphJson<never>(raw, where);
      const doneRaw: any[] = Array.isArray(lists.added_users) ? lists.added_users : Array.isArray(lists.removed_users) ? lists.removed_users : [];
      return {
        done: doneRaw.map((entry) => ({ input: String(entry?.input ?? ''), waId: typeof entry?.wa_id === 'string' ? entry.wa_id : undefined })),
        failed: failedRaw.map((entry) => {
          const first = Array.isArray(entry?.errors) ? entry.errors[0] : undefined;
          const code = Number(first?.code);
          return {
            input: String(entry?.input ?? ''),
            waId: typeof entry?.wa_id === 'string' ? entry.wa_id : undefined,
            code: Number.isFinite(code) ? code : undefined,
            title: typeof first?.message === 'string' ? first.message : undefined,
            details: typeof first?.error_data?.details === 'string' ? first.error_data.details : undefined,
          };
        }),
      };
    },

    /** POST /{phone-number-id}/media (multipart). Uploaded ids live 30 days. */
    async uploadMedia(phoneNumberId: string, input: UploadMediaInput): Promise<{ id: string }> {
      const path = `/${segment(phoneNumberId, 'phoneNumberId')}/media`;
      const form = new FormData();
      form.append('messaging_product', 'whatsapp');
      form.append('type', input.mimeType);
      // A Buffer is a valid BlobPart at run time; the cast only bridges Node's and the DOM's typings.
      form.append('file', new Blob([input.data as unknown as BlobPart], { type: input.mimeType }), input.filename);
      const json = await call<Record<string, any>>('POST', path, { data: form });
      return { id: expectString(json.id, 'POST', path, 'media id') };
    },

    /** GET /{media-id}: a short-lived download URL and the file's metadata. */
    async getMedia(mediaId: string): Promise<MediaInfo> {
      const path = `/${segment(mediaId, 'mediaId')}`;
      const info = toMediaInfo(await call<Record<string, any>>('GET', path));
      if (!info.url) throw invalidShape({ method: 'GET', path: `/${apiVersion}${path}`, secrets }, 'the response has no url');
      return info;
    },

    /** Downloads a media URL (bearer token needed) and, when given, checks its sha256 (hex or base64). */
    async downloadMedia(url: string, expectedSha256?: string): Promise<Buffer> {
      let target: URL;
      try {
        target = new URL(url);
      } catch {
        throw new GraphTransportError({ method: 'GET', path: '(invalid media URL)', kind: 'connection', reason: 'the media URL is not a valid URL' });
      }
      const where = { method: 'GET' as const, path: target.pathname, secrets };
      const raw = await exchange({ method: 'GET', url: target.toString(), path: where.path, accessToken, timeoutMs, accept: '*/*' });
      if (raw.status < 200 || raw.status >= 300) {
        throw graphApiErrorFrom(raw, where) ?? invalidShape(where, `HTTP ${raw.status} while downloading media (the URL may have expired)`, raw.status);
      }
      if (expectedSha256 && !sameDigest(raw.body, expectedSha256)) {
        throw invalidShape(where, 'the downloaded media does not match its sha256', raw.status);
      }
      return raw.body;
    },

    async deleteMedia(mediaId: string): Promise<void> {
      await call('DELETE', `/${segment(mediaId, 'mediaId')}`);
    },

    /** Every phone number of the WABA (all pages). */
    async listPhoneNumbers(wabaId: string): Promise<PhoneNumberRecord[]> {
      const raw = await all<Record<string, any>>(`/${segment(wabaId, 'wabaId')}/phone_numbers`, { fields: PHONE_NUMBER_FIELDS.join(',') });
      return raw.map(toPhoneNumberRecord);
    },

    async getPhoneNumber(phoneNumberId: string): Promise<PhoneNumberRecord> {
      const path = `/${segment(phoneNumberId, 'phoneNumberId')}`;
      const raw = await call<Record<string, any>>('GET', path, { params: { fields: PHONE_NUMBER_FIELDS.join(',') } });
      expectString(raw.id, 'GET', path, 'phone number id');
      return toPhoneNumberRecord(raw);
    },

    /** Every template of the WABA, all languages and statuses (all pages). */
    async listTemplates(wabaId: string): Promise<TemplateRecord[]> {
      const raw = await all<Record<string, any>>(`/${segment(wabaId, 'wabaId')}/message_templates`, { fields: TEMPLATE_FIELDS.join(',') });
      return raw.map(toTemplateRecord);
    },

    /** Submits a template for review; it starts PENDING and changes by webhook. */
    async createTemplate(wabaId: string, body: CreateTemplateBody): Promise<CreateTemplateResult> {
      const path = `/${segment(wabaId, 'wabaId')}/message_templates`;
      const json = await call<Record<string, any>>('POST', path, { data: body });
      return {
        id: expectString(json.id, 'POST', path, 'template id'),
        status: typeof json.status === 'string' ? json.status : 'PENDING',
        category: typeof json.category === 'string' ? json.category : body.category,
      };
    },

    /**
     * Edits a template at Meta (`POST /{template-id}`: components and/or category); it goes back
     * to review. Meta refuses outside its edit limits (docs/templates.md#editing-a-template-at-meta).
     */
    async editTemplate(templateId: string, body: { components?: unknown[]; category?: string }): Promise<void> {
      const path = `/${segment(templateId, 'templateId')}`;
      const json = await call<Record<string, any>>('POST', path, { data: body });
      if (json.success !== true) throw invalidShape({ method: 'POST', path: `/${apiVersion}${path}`, secrets }, 'the edit did not report success');
    },

    /**
     * Meta's Resumable Upload API, in one go: opens a session under the app
     * (`POST /{app-id}/uploads`), sends the whole file (`POST /upload:…`, `OAuth` token,
     * `file_offset: 0`) and returns the file handle (`h`) that a media template header takes as
     * its `header_handle` sample. https://developers.facebook.com/docs/graph-api/resumable-upload-api
     */
    async uploadTemplateSample(appId: string, input: UploadMediaInput): Promise<{ handle: string }> {
      const openPath = `/${segment(appId, 'appId')}/uploads`;
      const session = await call<Record<string, any>>('POST', openPath, {
        params: { file_name: input.filename, file_length: input.data.length, file_type: input.mimeType },
      });
      const sessionId = expectString(session.id, 'POST', openPath, 'upload session id');
      // The session id is `upload:<opaque>`; the colon stays as is in the path, as Meta shows it.
      const uploadPath = `/${sessionId.split('/').map(encodeURIComponent).join('/').replace(/%3A/gi, ':')}`;
      const uploaded = await call<Record<string, any>>('POST', uploadPath, {
        data: input.data,
        authScheme: 'OAuth',
        headers: { file_offset: '0', 'Content-Type': 'application/octet-stream' },
      });
      return { handle: expectString(uploaded.h, 'POST', uploadPath, 'file handle') };
    },

    /** Deletes every language of `name`, or only the one with `hsmId`. */
    async deleteTemplate(wabaId: string, input: DeleteTemplateInput): Promise<void> {
      await call('DELETE', `/${segment(wabaId, 'wabaId')}/message_templates`, {
        params: { name: input.name, hsm_id: input.hsmId },
      });
    },
  };
}

export type GraphClient = ReturnType<typeof createGraphClient>;

/** Meta documents sha256 as hex on GET /{media-id}; webhooks have shown base64. Accept both. */
function sameDigest(data: Buffer, expected: string): boolean {
  const actual = createHash('sha256').update(data).digest();
  const trimmed = expected.trim();
  const candidate = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  return candidate.length === actual.length && timingSafeEqual(candidate, actual);
}

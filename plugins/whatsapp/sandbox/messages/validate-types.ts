import { metaErrors } from '../errors';
import type { MediaStore } from '../media-store';
import {
  isObject,
  maxLengthOf,
  optionalString,
  requireArray,
  requireHttpUrl,
  requireNumberIn,
  requireObject,
  requireString,
} from './checks';

/**
 * Per-type checks of the object a send carries (docs/whatsapp-cloud-api.md#sending-messages).
 * They reject what Meta rejects synchronously; templates are checked separately against the
 * stored template.
 */

export const MEDIA_TYPES = ['image', 'video', 'audio', 'document', 'sticker'] as const;
const CAPTION_TYPES = new Set(['image', 'video', 'document']);

export const SENDABLE_TYPES = new Set([
  'text',
  ...MEDIA_TYPES,
  'location',
  'contacts',
  'interactive',
  'reaction',
  'template',
]);

export function validateText(text: unknown): void {
  const object = requireObject(text, 'text');
  requireString(object.body, "text['body']", 4096);
  if (object.preview_url !== undefined && typeof object.preview_url !== 'boolean') {
    throw metaErrors.invalidParameter("Param text['preview_url'] must be a boolean.");
  }
}

/** Shared by media sends and media parameters of templates/interactive headers. */
export function validateMediaObject(type: string, value: unknown, where: string, media: MediaStore): void {
  const object = requireObject(value, where);
  const hasId = object.id !== undefined;
  const hasLink = object.link !== undefined;
  if (hasId === hasLink) throw metaErrors.invalidParameter(`Param ${where} must have exactly one of 'id' or 'link'.`);
  if (hasId) {
    const id = requireString(object.id, `${where}['id']`);
    if (!media.get(id)) throw metaErrors.invalidValue(`Media ID ${id} does not exist or has expired.`);
  } else {
    requireHttpUrl(object.link, `${where}['link']`);
  }
  if (object.caption !== undefined) {
    if (!CAPTION_TYPES.has(type)) throw metaErrors.invalidParameter(`Param ${where}['caption'] is not allowed for ${type} messages.`);
    requireString(object.caption, `${where}['caption']`, 1024);
  }
  if (object.filename !== undefined) optionalString(object.filename, `${where}['filename']`, 240);
}

export function validateLocation(location: unknown): void {
  const object = requireObject(location, 'location');
  requireNumberIn(object.latitude, "location['latitude']", -90, 90);
  requireNumberIn(object.longitude, "location['longitude']", -180, 180);
  optionalString(object.name, "location['name']", 1000);
  optionalString(object.address, "location['address']", 1000);
}

export function validateContacts(contacts: unknown): void {
  const list = requireArray(contacts, 'contacts', 1, 257);
  list.forEach((contact, index) => {
    const object = requireObject(contact, `contacts[${index}]`);
    const name = requireObject(object.name, `contacts[${index}]['name']`);
    requireString(name.formatted_name, `contacts[${index}]['name']['formatted_name']`);
  });
}

export function validateReaction(reaction: unknown): void {
  const object = requireObject(reaction, 'reaction');
  requireString(object.message_id, "reaction['message_id']");
  // An empty or absent emoji removes the reaction; otherwise it must be a single emoji-ish string.
  if (object.emoji !== undefined && typeof object.emoji !== 'string') {
    throw metaErrors.invalidParameter("Param reaction['emoji'] must be a string.");
  }
}

export function validateInteractive(interactive: unknown, media: MediaStore): void {
  const object = requireObject(interactive, 'interactive');
  const type = requireString(object.type, "interactive['type']");
  switch (type) {
    case 'button':
      return validateButtons(object, media);
    case 'list':
      return validateList(object);
    case 'cta_url':
      return validateCtaUrl(object, media);
    case 'flow':
    case 'location_request_message':
    case 'address_message':
    case 'product':
    case 'product_list':
    case 'catalog_message':
    case 'call_permission_request':
    case 'contact_request':
      // Accepted without deeper checks: the plugin does not build these yet.
      return;
    default:
      throw metaErrors.invalidParameter(`Param interactive['type'] '${type}' is not supported.`);
  }
}

function validateHeader(header: unknown, media: MediaStore): void {
  if (header === undefined) return;
  const object = requireObject(header, "interactive['header']");
  const type = requireString(object.type, "interactive['header']['type']");
  if (type === 'text') requireString(object.text, "interactive['header']['text']", 60);
  else if (type === 'image' || type === 'video' || type === 'document') {
    validateMediaObject(type, object[type], `interactive['header']['${type}']`, media);
  } else throw metaErrors.invalidParameter(`Param interactive['header']['type'] '${type}' is not supported.`);
}

function validateBodyAndFooter(object: Record<string, any>, bodyMax: number, bodyRequired: boolean): void {
  if (bodyRequired || object.body !== undefined) {
    const body = requireObject(object.body, "interactive['body']");
    requireString(body.text, "interactive['body']['text']", bodyMax);
  }
  if (object.footer !== undefined) {
    const footer = requireObject(object.footer, "interactive['footer']");
    requireString(footer.text, "interactive['footer']['text']", 60);
  }
}

function validateButtons(object: Record<string, any>, media: MediaStore): void {
  validateHeader(object.header, media);
  validateBodyAndFooter(object, 1024, true);
  const action = requireObject(object.action, "interactive['action']");
  const buttons = requireArray(action.buttons, "interactive['action']['buttons']", 1, 3);
  const ids = new Set<string>();
  buttons.forEach((button, index) => {
    const where = `interactive['action']['buttons'][${index}]`;
    const item = requireObject(button, where);
    if (item.type !== 'reply') throw metaErrors.invalidParameter(`Param ${where}['type'] must be 'reply'.`);
    const reply = requireObject(item.reply, `${where}['reply']`);
    const id = requireString(reply.id, `${where}['reply']['id']`, 256);
    requireString(reply.title, `${where}['reply']['title']`, 20);
    if (ids.has(id)) throw metaErrors.invalidParameter(`Buttons must have unique ids; '${id}' is repeated.`);
    ids.add(id);
  });
}

function validateList(object: Record<string, any>): void {
  if (object.header !== undefined) {
    const header = requireObject(object.header, "interactive['header']");
    if (header.type !== 'text') throw metaErrors.invalidParameter("List messages only support a text header.");
    requireString(header.text, "interactive['header']['text']", 60);
  }
  validateBodyAndFooter(object, 4096, true);
  const action = requireObject(object.action, "interactive['action']");
  requireString(action.button, "interactive['action']['button']", 20);
  const sections = requireArray(action.sections, "interactive['action']['sections']", 1, 10);
  let rows = 0;
  const rowIds = new Set<string>();
  sections.forEach((section, s) => {
    const where = `interactive['action']['sections'][${s}]`;
    const item = requireObject(section, where);
    if (sections.length > 1) requireString(item.title, `${where}['title']`, 24);
    else optionalString(item.title, `${where}['title']`, 24);
    const sectionRows = requireArray(item.rows, `${where}['rows']`, 1, 10);
    sectionRows.forEach((row, r) => {
      const rowWhere = `${where}['rows'][${r}]`;
      const rowObject = requireObject(row, rowWhere);
      const id = requireString(rowObject.id, `${rowWhere}['id']`, 200);
      requireString(rowObject.title, `${rowWhere}['title']`, 24);
      optionalString(rowObject.description, `${rowWhere}['description']`, 72);
      if (rowIds.has(id)) throw metaErrors.invalidParameter(`Rows must have unique ids; '${id}' is repeated.`);
      rowIds.add(id);
    });
    rows += sectionRows.length;
  });
  if (rows > 10) throw metaErrors.invalidParameter(`A list may have at most 10 rows in total; got ${rows}.`);
}

function validateCtaUrl(object: Record<string, any>, media: MediaStore): void {
  validateHeader(object.header, media);
  validateBodyAndFooter(object, 1024, true);
  const action = requireObject(object.action, "interactive['action']");
  if (action.name !== 'cta_url') throw metaErrors.invalidParameter("Param interactive['action']['name'] must be 'cta_url'.");
  const parameters = requireObject(action.parameters, "interactive['action']['parameters']");
  requireString(parameters.display_text, "interactive['action']['parameters']['display_text']", 20);
  requireHttpUrl(parameters.url, "interactive['action']['parameters']['url']");
}

export { isObject, maxLengthOf };

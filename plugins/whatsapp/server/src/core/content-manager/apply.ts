import type { Core } from '@strapi/strapi';
import _ from 'lodash';
import { PLUGIN_ID } from '../../../../shared/uids';
import type { ContentManagerView } from './types';

/**
 * Writes curated Content Manager views (types.ts) into the content-manager plugin's own
 * configuration, the one "Configure the view" edits (core store key
 * `plugin_content_manager_configuration_content_types::<uid>`), through its `content-types`
 * service (`findConfiguration` / `updateConfiguration`), so it works on every database Strapi
 * supports. It runs in the bootstrap, after the content-manager's own bootstrap has synced (or
 * created) each type's configuration.
 *
 * Once per view version: the version written is remembered in this plugin's store
 * (`plugin_whatsapp_content-manager-views`), so a restart changes nothing and what a user changes
 * later in "Configure the view" stays. When a new version of a view ships, each of its values
 * (a label, a flag, the list columns, the edit rows, a setting) replaces the stored one only if the
 * stored one is still what the previous version wrote, or Strapi's own default when no version was
 * written yet (an upgrade of an install whose views a user may already have arranged).
 */

export const VIEWS_STORE_KEY = 'content-manager-views';

/** What one type's mark in the store holds: the version written and every value it wrote. */
export interface ViewMark {
  version: number;
  applied: Record<string, unknown>;
}

/** The content-manager's model of a type (its data-mapper's shape: attributes with `id` first). */
export interface CmModel {
  uid: string;
  attributes: Record<string, { type: string; relation?: string; relationType?: string; target?: string; targetModel?: string; visible?: boolean }>;
}

export interface CmConfiguration {
  settings: Record<string, unknown>;
  metadatas: Record<string, { edit: Record<string, unknown>; list: Record<string, unknown> }>;
  layouts: { list: string[]; edit: Array<Array<{ name: string; size: number }>> };
}

export interface MergeContext {
  /** Strapi's default width of a field type in the edit view (content-manager `field-sizes`). */
  fieldSize: (type: string) => number;
  /** Another type's content-manager model (for a relation's default main field). */
  findModel: (uid: string) => CmModel | undefined;
}

// Never in an edit layout (the content-manager's `isVisible`): ids, timestamps, creator fields.
const NOT_EDITABLE = new Set(['id', 'documentId', 'createdAt', 'updatedAt', 'publishedAt', 'createdBy', 'updatedBy', 'locale', 'localizations']);
// The content-manager's NON_LISTABLES.
const NOT_LISTABLE_TYPES = new Set(['json', 'password', 'richtext', 'dynamiczone', 'blocks']);
const MAX_ROW = 12;

const isListable = (model: CmModel, name: string) => {
  const attribute = model.attributes[name];
  if (!attribute || NOT_LISTABLE_TYPES.has(attribute.type)) return false;
  return !(attribute.type === 'relation' && String(attribute.relation ?? attribute.relationType ?? '').toLowerCase().includes('morph'));
};
const isEditable = (model: CmModel, name: string) => Boolean(model.attributes[name]) && !NOT_EDITABLE.has(name) && model.attributes[name].visible !== false;
/** The content-manager's `getDefaultMainField`: the first string attribute, else `id`. */
const defaultMainField = (model: CmModel | undefined) =>
  (model && Object.keys(model.attributes).find((key) => model.attributes[key].type === 'string' && key !== 'id')) || 'id';
/** The content-manager's default list: the first four listable attributes. */
const defaultList = (model: CmModel) => Object.keys(model.attributes).filter((name) => isListable(model, name) && name !== 'documentId').slice(0, 4);

export function buildEditLayout(view: ContentManagerView, model: CmModel, fieldSize: MergeContext['fieldSize']): CmConfiguration['layouts']['edit'] {
  const hidden = new Set(Object.entries(view.fields).filter(([, field]) => field.hidden).map(([name]) => name));
  const placed = new Set<string>();
  const rows: CmConfiguration['layouts']['edit'] = [];
  const place = (names: string[]) => {
    let row: Array<{ name: string; size: number }> = [];
    for (const name of names) {
      if (!isEditable(model, name) || hidden.has(name) || placed.has(name)) continue;
      const size = fieldSize(model.attributes[name].type);
      if (row.reduce((sum, field) => sum + field.size, 0) + size > MAX_ROW) {
        rows.push(row);
        row = [];
      }
      row.push({ name, size });
      placed.add(name);
    }
    if (row.length > 0) rows.push(row);
  };
  for (const names of view.edit) place(names);
  // Whatever the view does not place (a field added to the schema later) still has a place.
  place(Object.keys(model.attributes));
  return rows;
}

/** Every value the view sets, by its path in the configuration. */
export function viewLeaves(view: ContentManagerView, model: CmModel, context: MergeContext): Record<string, unknown> {
  const leaves: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(view.settings ?? {})) if (value !== undefined) leaves[`settings.${key}`] = value;
  for (const [name, field] of Object.entries(view.fields)) {
    if (!model.attributes[name]) continue;
    leaves[`metadatas.${name}.list.label`] = field.label.en;
    const edit = `metadatas.${name}.edit`;
    leaves[`${edit}.label`] = field.label.en;
    leaves[`${edit}.description`] = field.description ?? '';
    leaves[`${edit}.editable`] = !(field.readOnly || field.hidden || view.createdByPlugin);
    leaves[`${edit}.visible`] = !field.hidden;
    if (field.mainField) leaves[`${edit}.mainField`] = field.mainField;
  }
  if (view.createdByPlugin) {
    // A field added to the schema after the view was written is the plugin's too.
    for (const name of Object.keys(model.attributes)) if (isEditable(model, name) && !view.fields[name]) leaves[`metadatas.${name}.edit.editable`] = false;
  }
  leaves['layouts.list'] = view.list.filter((name) => isListable(model, name));
  leaves['layouts.edit'] = buildEditLayout(view, model, context.fieldSize);
  return leaves;
}

/** Whether a stored value is still what Strapi generates by itself (nobody has changed it). */
export function isStrapiDefault(path: string, value: unknown, model: CmModel, context: MergeContext): boolean {
  if (value === undefined) return true;
  const [section, name, part, key] = path.split('.');
  if (section === 'settings') {
    if (name === 'mainField' || name === 'defaultSortBy') return value === defaultMainField(model);
    if (name === 'defaultSortOrder') return value === 'ASC';
    if (name === 'pageSize') return value === 10;
    return false;
  }
  if (section === 'metadatas') {
    if (key === 'label') return value === name;
    if (key === 'description' || key === 'placeholder') return value === '' || value === null;
    if (key === 'editable' || key === 'visible') return value === true;
    if (key === 'mainField' && part === 'edit') {
      const attribute = model.attributes[name];
      return value === defaultMainField(context.findModel(attribute?.targetModel ?? attribute?.target ?? ''));
    }
    return false;
  }
  if (path === 'layouts.list') return _.isEqual(value, defaultList(model));
  if (path === 'layouts.edit') {
    // Strapi appends fields in schema order; a user who moved one broke that order.
    if (!Array.isArray(value)) return true;
    const order = Object.keys(model.attributes);
    const positions = value.flat().map((field: { name?: string }) => order.indexOf(String(field?.name)));
    return positions.every((position, i) => i === 0 || position > positions[i - 1]);
  }
  return false;
}

/**
 * The configuration with the view written over it where the user has not changed the stored
 * value (see the top of this file); `kept` lists the paths left as the user set them.
 */
export function mergeView(
  current: CmConfiguration,
  view: ContentManagerView,
  model: CmModel,
  previous: Record<string, unknown> | undefined,
  context: MergeContext
): { configuration: CmConfiguration; applied: Record<string, unknown>; kept: string[] } {
  const configuration: CmConfiguration = {
    settings: _.cloneDeep(current.settings ?? {}),
    metadatas: _.cloneDeep(current.metadatas ?? {}),
    layouts: _.cloneDeep(current.layouts ?? { list: [], edit: [] }),
  };
  const applied = viewLeaves(view, model, context);
  const kept: string[] = [];
  for (const [path, value] of Object.entries(applied)) {
    const stored = _.get(configuration, path);
    const untouched = previous && path in previous ? _.isEqual(stored, previous[path]) : isStrapiDefault(path, stored, model, context);
    if (stored === undefined || untouched) _.set(configuration, path, _.cloneDeep(value));
    else kept.push(path);
  }
  return { configuration, applied, kept };
}

// On the Strapi instance rather than in this module: a host app may load this code from another
// copy of the package than the plugin does (its own import of `strapi-plugin-whatsapp/strapi-server`).
const REGISTRY = Symbol.for('strapi-plugin-whatsapp.content-manager-views');

type WithRegistry = Core.Strapi & { [REGISTRY]?: Map<string, ContentManagerView> };

export function registerViews(strapi: Core.Strapi, views: ContentManagerView[]): void {
  const target = strapi as WithRegistry;
  const registry = (target[REGISTRY] ??= new Map());
  for (const view of views) registry.set(view.uid, view);
}

/** The curated view of a type (the plugin's or the host's), for the guard. */
export function registeredView(strapi: Core.Strapi, uid: string): ContentManagerView | undefined {
  return (strapi as WithRegistry)[REGISTRY]?.get(uid);
}

/**
 * Registers the views (for the guard) and writes each one whose version is not stored yet.
 * For a host app's bootstrap too (`applyContentManagerViews` from `strapi-plugin-whatsapp/strapi-server`).
 */
export async function applyContentManagerViews(strapi: Core.Strapi, views: ContentManagerView[]): Promise<void> {
  registerViews(strapi, views);
  const contentManager = strapi.plugin('content-manager');
  if (!contentManager) return;
  const contentTypes = contentManager.service('content-types');
  const fieldSizes = contentManager.service('field-sizes');
  const context: MergeContext = {
    fieldSize: (type) => fieldSizes.getFieldSize(type).default,
    findModel: (uid) => contentTypes.findContentType(uid),
  };
  const store = strapi.store({ type: 'plugin', name: PLUGIN_ID });
  const marks = ((await store.get({ key: VIEWS_STORE_KEY })) ?? {}) as Record<string, ViewMark>;
  let changed = false;
  for (const view of views) {
    const model = contentTypes.findContentType(view.uid) as CmModel | undefined;
    if (!model) {
      strapi.log.warn(`[whatsapp] Content Manager view for ${view.uid}: no such content type, skipped`);
      continue;
    }
    const mark = marks[view.uid];
    if (mark?.version === view.version) continue;
    const current = (await contentTypes.findConfiguration({ uid: view.uid })) as CmConfiguration;
    const { configuration, applied, kept } = mergeView(current, view, model, mark?.applied, context);
    await contentTypes.updateConfiguration({ uid: view.uid }, configuration);
    marks[view.uid] = { version: view.version, applied };
    changed = true;
    strapi.log.info(
      `[whatsapp] Content Manager view of ${view.uid}: version ${view.version} written${kept.length ? ` (kept the user's ${kept.join(', ')})` : ''}`
    );
  }
  if (changed) await store.set({ key: VIEWS_STORE_KEY, value: marks });
}

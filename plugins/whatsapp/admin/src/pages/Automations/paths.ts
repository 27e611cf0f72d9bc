import type { ContentTypeDescription } from '../../../../shared/contracts/automations';

export interface PathOption {
  value: string;
  label: string;
  type: string;
  enum?: string[];
  target?: string;
}

/** Every path a rule may use on a content type: its fields, and the fields of related records one level deep. */
export function pathOptions(contentType: ContentTypeDescription | undefined): PathOption[] {
  if (!contentType) return [];
  const options: PathOption[] = [];
  for (const field of contentType.fields) {
    if (field.type === 'relation') {
      const toOne = /^(oneToOne|manyToOne|morphToOne)$/.test(field.relation ?? '');
      if (!toOne) continue;
      options.push({ value: field.name, label: `${field.name} → ${field.target}`, type: 'relation', target: field.target });
      for (const sub of field.fields ?? []) options.push({ value: `${field.name}.${sub.name}`, label: `${field.name}.${sub.name}`, type: sub.type, enum: sub.enum });
    } else if (field.type === 'component') {
      for (const sub of field.fields ?? []) options.push({ value: `${field.name}.${sub.name}`, label: `${field.name}.${sub.name}`, type: sub.type, enum: sub.enum });
    } else if (field.type !== 'dynamiczone' && field.type !== 'media') {
      options.push({ value: field.name, label: field.name, type: field.type, enum: field.enum });
    }
  }
  return options;
}

/** A readable name for a record in the dry-run picker. */
export function recordLabel(record: Record<string, unknown>): string {
  for (const key of ['name', 'title', 'poNumber', 'number', 'label']) {
    const value = record[key];
    if (typeof value === 'string' && value.trim() !== '') return `${value} (${record.documentId})`;
  }
  return String(record.documentId);
}

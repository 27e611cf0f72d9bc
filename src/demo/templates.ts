import type { Core } from '@strapi/strapi';
import { createDemoSandboxOptions } from '../../plugins/whatsapp/sandbox/demo';

const TEMPLATE = 'plugin::whatsapp.template';

type Component = { type: string; format?: string; text?: string; example?: any; buttons?: any[] };

/** Distinct {{n}} / {{name}} placeholders in a text. */
function placeholders(text: string | undefined): string[] {
  return [...new Set([...(text ?? '').matchAll(/\{\{\s*([a-z0-9_]+)\s*\}\}/gi)].map((m) => m[1]))];
}

/**
 * A Meta template (as the Cloud API lists it) mapped onto the template record: the raw
 * components are kept as they are, and the header/body/footer/buttons fields are filled for
 * the list and edit views. parameterCount counts the variables of header, body and buttons.
 */
export function templateRecordFromMeta(template: ReturnType<typeof createDemoSandboxOptions>['templates'][number]) {
  const components = template.components as Component[];
  const header = components.find((c) => c.type === 'HEADER');
  const body = components.find((c) => c.type === 'BODY');
  const footer = components.find((c) => c.type === 'FOOTER');
  const buttons = components.find((c) => c.type === 'BUTTONS')?.buttons ?? [];
  const parameterCount =
    placeholders(header?.text).length +
    placeholders(body?.text).length +
    buttons.reduce((n: number, b: any) => n + placeholders(b.url).length, 0);
  return {
    name: template.name,
    language: template.language,
    category: template.category,
    status: 'APPROVED',
    parameterFormat: template.parameter_format ?? 'POSITIONAL',
    headerFormat: header?.format ?? 'NONE',
    headerText: header?.text ?? null,
    headerExample: header?.example?.header_text?.[0] ?? header?.example?.header_handle?.[0] ?? null,
    body: body?.text ?? '',
    bodyExamples: body?.example ?? null,
    footer: footer?.text ?? null,
    buttons: buttons.length ? buttons : null,
    components,
    parameterCount,
  };
}

/** The sandbox's approved demo templates as template records of the master account. */
export async function seedDemoTemplates(strapi: Core.Strapi, accountDocumentId: string): Promise<number> {
  const documents = strapi.documents(TEMPLATE as any);
  let created = 0;
  for (const template of createDemoSandboxOptions().templates) {
    const existing = await documents.findFirst({ filters: { name: template.name, language: template.language } } as any);
    if (existing) continue;
    await documents.create({
      data: { ...templateRecordFromMeta(template), account: accountDocumentId, lastSyncedAt: new Date().toISOString() },
    } as any);
    created += 1;
  }
  return created;
}

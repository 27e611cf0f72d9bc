import type { SandboxTemplate } from './types';
import type { IdFactory } from './ids';

/**
 * The WABA's templates. The array is exposed live (Sandbox.templates) so tests can watch a
 * status change; reset() refills it in place with the seeded templates as they started.
 */
export class TemplateStore {
  readonly all: SandboxTemplate[] = [];
  private readonly seeded: SandboxTemplate[];
  private readonly rejectedReasons = new Map<string, string>();

  constructor(seed: SandboxTemplate[], private readonly ids: IdFactory) {
    this.seeded = seed.map((template) => ({
      ...template,
      id: template.id ?? ids.numeric(),
      status: template.status ?? 'APPROVED',
      parameter_format: template.parameter_format ?? 'POSITIONAL',
    }));
    this.reset();
  }

  reset(): void {
    this.all.length = 0;
    this.rejectedReasons.clear();
    for (const template of this.seeded) this.all.push(structuredClone(template));
  }

  find(name: string, language: string): SandboxTemplate | undefined {
    return this.all.find((template) => template.name === name && template.language === language);
  }

  byId(id: string): SandboxTemplate | undefined {
    return this.all.find((template) => template.id === id);
  }

  add(template: Omit<SandboxTemplate, 'id'>): SandboxTemplate {
    const stored = { ...template, id: this.ids.numeric() };
    this.all.push(stored);
    return stored;
  }

  setStatus(id: string, status: string, rejectedReason?: string): SandboxTemplate | undefined {
    const template = this.byId(id);
    if (!template) return undefined;
    template.status = status;
    if (rejectedReason) this.rejectedReasons.set(id, rejectedReason);
    return template;
  }

  rejectedReason(id: string): string {
    return this.rejectedReasons.get(id) ?? 'NONE';
  }

  /** Removes and returns the matches (in place, so the live array stays the same object). */
  remove(predicate: (template: SandboxTemplate) => boolean): SandboxTemplate[] {
    const removed = this.all.filter(predicate);
    const kept = this.all.filter((template) => !predicate(template));
    this.all.length = 0;
    this.all.push(...kept);
    return removed;
  }
}

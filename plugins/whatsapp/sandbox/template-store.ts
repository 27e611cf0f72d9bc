import type { SandboxTemplate } from './types';
import type { IdFactory } from './ids';

/**
 * How long a template created through this sandbox stays even though the outside source
 * (SandboxOptions.templateSource) does not list it yet: the plugin stores Meta's id only after
 * the create answer arrives.
 */
export const CREATED_GRACE_MS = 30_000;

const keyOf = (name: string, language: string) => `${name}:${language}`;

/**
 * The WABA's templates. The array is exposed live (Sandbox.templates) so tests can watch a
 * status change; reset() refills it in place with the seeded templates as they started.
 */
export class TemplateStore {
  readonly all: SandboxTemplate[] = [];
  private readonly seeded: SandboxTemplate[];
  private readonly seededKeys: Set<string>;
  private readonly rejectedReasons = new Map<string, string>();
  /** Templates created through this sandbox's API, by id: when. */
  private readonly createdAt = new Map<string, number>();
  /** Ids deleted through this sandbox's API: never taken in again from the outside source. */
  private readonly deleted = new Set<string>();
  /** Ids whose review (PENDING → APPROVED/REJECTED) is scheduled in this sandbox. */
  private readonly reviewing = new Set<string>();
  /** When each template was edited while APPROVED (Meta's edit limits count those). */
  private readonly approvedEdits = new Map<string, number[]>();
  /** Templates edited through this sandbox's API, by id: when (the outside record lags behind). */
  private readonly editedAt = new Map<string, number>();
  /** The time of each template's last review webhook (reviewedAt). */
  private readonly lastReviewAt = new Map<string, number>();

  constructor(seed: SandboxTemplate[], private readonly ids: IdFactory) {
    this.seeded = seed.map((template) => ({
      ...template,
      id: template.id ?? ids.numeric(),
      status: template.status ?? 'APPROVED',
      parameter_format: template.parameter_format ?? 'POSITIONAL',
    }));
    this.seededKeys = new Set(this.seeded.map((template) => keyOf(template.name, template.language)));
    this.reset();
  }

  reset(): void {
    this.all.length = 0;
    this.rejectedReasons.clear();
    this.createdAt.clear();
    this.deleted.clear();
    this.reviewing.clear();
    this.approvedEdits.clear();
    this.editedAt.clear();
    this.lastReviewAt.clear();
    for (const template of this.seeded) this.all.push(structuredClone(template));
  }

  find(name: string, language: string): SandboxTemplate | undefined {
    return this.all.find((template) => template.name === name && template.language === language);
  }

  byId(id: string): SandboxTemplate | undefined {
    return this.all.find((template) => template.id === id);
  }

  add(template: Omit<SandboxTemplate, 'id'>, now = Date.now()): SandboxTemplate {
    const stored = { ...template, id: this.ids.numeric() };
    this.all.push(stored);
    this.createdAt.set(stored.id, now);
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
    for (const template of removed) if (template.id) this.deleted.add(template.id);
    return removed;
  }

  /**
   * When a review's status webhook says it happened: now, but at least a second after this
   * template's previous one. Meta's envelope carries seconds only, and the plugin drops a webhook
   * whose bytes it already stored, so an edit approved within the same second as the approval
   * before it would otherwise arrive as a duplicate.
   */
  reviewedAt(id: string, now = Date.now()): number {
    const previous = this.lastReviewAt.get(id);
    const at = previous !== undefined && Math.floor(now / 1000) <= Math.floor(previous / 1000) ? previous + 1000 : now;
    this.lastReviewAt.set(id, at);
    return at;
  }

  /** Edits of this template made while it was APPROVED, at or after `since` (ms). */
  approvedEditsSince(id: string, since: number): number {
    return (this.approvedEdits.get(id) ?? []).filter((at) => at >= since).length;
  }

  /**
   * Replaces what an edit may change (components, category) and sends the template back to
   * review: PENDING, with its review claim released so scheduleReview runs it again.
   */
  edit(id: string, change: { components: any[]; category?: SandboxTemplate['category'] }, now = Date.now()): SandboxTemplate | undefined {
    const template = this.byId(id);
    if (!template) return undefined;
    if (template.status === 'APPROVED') this.approvedEdits.set(id, [...(this.approvedEdits.get(id) ?? []), now]);
    template.components = structuredClone(change.components);
    if (change.category) template.category = change.category;
    template.status = 'PENDING';
    this.editedAt.set(id, now);
    this.rejectedReasons.delete(id);
    this.reviewing.delete(id);
    return template;
  }

  /** True the first time for an id: its review is then this sandbox's to run. */
  claimReview(id: string): boolean {
    if (this.reviewing.has(id)) return false;
    this.reviewing.add(id);
    return true;
  }

  /**
   * Takes in the templates known outside this sandbox (SandboxOptions.templateSource: another
   * sandbox on the same database, a previous run). Meta keys a template by name and language:
   * - seeded templates are always kept as seeded;
   * - a name and language the store does not have is taken in with its id and status (unless this
   *   sandbox deleted that id);
   * - one the store has follows the outside record, except that a status this sandbox already
   *   moved on from PENDING is kept until the outside record catches up (its webhook is on the way);
   * - a template the outside no longer lists is dropped (deleted elsewhere), unless this sandbox
   *   created it less than CREATED_GRACE_MS ago.
   * Returns the PENDING templates whose review nobody in this sandbox has scheduled yet.
   */
  merge(outside: SandboxTemplate[], now = Date.now()): SandboxTemplate[] {
    const byKey = new Map<string, SandboxTemplate>();
    for (const template of outside) {
      if (!template.id || !template.name || !template.language || this.deleted.has(template.id)) continue;
      const key = keyOf(template.name, template.language);
      if (!this.seededKeys.has(key)) byKey.set(key, template);
    }

    const kept = this.all.filter((template) => {
      const key = keyOf(template.name, template.language);
      if (this.seededKeys.has(key) || byKey.has(key)) return true;
      const created = template.id ? this.createdAt.get(template.id) : undefined;
      return created !== undefined && now - created < CREATED_GRACE_MS;
    });
    this.all.length = 0;
    this.all.push(...kept);

    for (const [key, template] of byKey) {
      const current = this.all.find((candidate) => keyOf(candidate.name, candidate.language) === key);
      const status = template.status ?? 'APPROVED';
      if (current) {
        const keepStatus = status === 'PENDING' && current.status !== 'PENDING';
        // Just edited here: the outside record still shows the content and status from before.
        const edited = current.id ? this.editedAt.get(current.id) : undefined;
        if (edited !== undefined && now - edited < CREATED_GRACE_MS && current.id === template.id && status !== 'PENDING') continue;
        Object.assign(current, {
          id: template.id,
          category: template.category,
          parameter_format: template.parameter_format ?? 'POSITIONAL',
          components: structuredClone(template.components),
          status: keepStatus ? current.status : status,
        });
      } else {
        this.all.push({
          ...template,
          status,
          parameter_format: template.parameter_format ?? 'POSITIONAL',
          components: structuredClone(template.components),
        });
      }
    }
    return this.all.filter((template) => template.status === 'PENDING' && template.id && !this.reviewing.has(template.id));
  }
}

import type { Core } from '@strapi/strapi';
import type { AutomationEvent, AutomationRun } from '../../../shared/contracts/automations';
import { parseConfig } from '../core/config/schema';
import { evaluateCondition } from './conditions';
import { contentChanged, contentFields, eventsForAction, fingerprintFields, mayMatchUpdate, writtenFields } from './record-state';
import { prepareSend } from './prepare-send';
import { compileRule, rulePaths, type CompiledRule } from './rules';
import { isScalarType, populateFor, type ModelLike, type ModelLookup } from './paths';
import { sendTemplate } from './send-adapter';
import { transitionKey, versionFingerprint } from './transition';
import { UID } from '../../../shared/uids';
import { PLUGIN_ID } from '../core/get-service';

/**
 * The automation engine: a cache of enabled rules per content type, the evaluation of a
 * document-service write against them, and the delivery of each matched transition to the outbox.
 *
 * Costs on the write path: nothing for content types without rules (a Map lookup); for watched
 * ones, one read of the "before" version (only the fields the rules' conditions need) and an
 * in-memory evaluation. Rendering and sending run after the write, outside the request, and never
 * throw into it: a broken rule records its error on the rule.
 */

/** Rules are re-read at least this often, so an instance also sees rules edited on another one. */
const CACHE_TTL_MS = 30_000;
const RECENT_RUNS = 20;

export interface DocumentContext {
  uid: string;
  action: string;
  params?: Record<string, any>;
  contentType?: unknown;
}

interface Job {
  rule: CompiledRule;
  uid: string;
  documentId: string;
  locale: string | null;
  event: AutomationEvent;
  key: string;
  /** The row the evaluation saw, re-read at delivery only if no snapshot was taken. */
  rowId: number | null;
  /** The record at the transition, with the relations the rule reads (the deleted row for `deleted`). */
  snapshot: Record<string, any> | null;
}

const localeOf = (row: Record<string, any> | null | undefined) => (typeof row?.locale === 'string' ? row.locale : '');

const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const lookup: ModelLookup = (uid) => (strapi.getModel as (uid: string) => ModelLike | undefined)(uid);

  let cache: Map<string, CompiledRule[]> | null = null;
  let cacheLoadedAt = 0;
  let loading: Promise<Map<string, CompiledRule[]>> | null = null;
  let generation = 0;
  const pending = new Set<Promise<void>>();
  /** Deliveries scheduled but not started yet (waiting for setImmediate or a commit). */
  let waiting = 0;
  const logChains = new Map<number, Promise<void>>();

  function notificationsEnabled(): boolean {
    try {
      const runtime = strapi.plugin(PLUGIN_ID).service('runtime') as { get(): { config: { notificationsEnabled: boolean } } };
      return runtime.get().config.notificationsEnabled;
    } catch {
      return parseConfig(strapi.config.get(`plugin::${PLUGIN_ID}`)).notificationsEnabled;
    }
  }

  async function loadRules(): Promise<Map<string, CompiledRule[]>> {
    if (loading) return loading;
    const started = generation;
    loading = (async () => {
      const rows = await strapi.db.query(UID.automation).findMany({
        where: { enabled: true },
        populate: { tenant: { select: ['documentId', 'defaultLanguage'] } },
      });
      const byUid = new Map<string, CompiledRule[]>();
      for (const row of rows) {
        const rule = compileRule(row);
        byUid.set(rule.contentType, [...(byUid.get(rule.contentType) ?? []), rule]);
      }
      // An invalidation while loading means this result may already be stale: do not keep it.
      if (started === generation) {
        cache = byUid;
        cacheLoadedAt = Date.now();
      }
      return byUid;
    })().finally(() => {
      loading = null;
    });
    return loading;
  }

  /** The cached rules of a content type; undefined when the cache must be (re)loaded first. */
  function cachedRules(uid: string): CompiledRule[] | undefined {
    if (!cache || Date.now() - cacheLoadedAt > CACHE_TTL_MS) return undefined;
    return cache.get(uid) ?? [];
  }

  async function rulesFor(uid: string): Promise<CompiledRule[]> {
    return cachedRules(uid) ?? (await loadRules()).get(uid) ?? [];
  }

  function invalidate() {
    generation += 1;
    cache = null;
  }

  const isDraftAndPublish = (model: ModelLike | undefined) => Boolean(model?.options?.draftAndPublish);
  const isLocalized = (model: ModelLike | undefined) =>
    Boolean((model as { pluginOptions?: { i18n?: { localized?: boolean } } } | undefined)?.pluginOptions?.i18n?.localized);

  /**
   * Reads the versions a change starts from, by locale: the published version on draft & publish
   * types (the one rules watch), the only version otherwise. For `delete`, the whole record the
   * rules will need, since it is gone afterwards.
   */
  async function readBefore(uid: string, model: ModelLike, action: string, params: Record<string, any>, rules: CompiledRule[]) {
    const dp = isDraftAndPublish(model);
    const where: Record<string, unknown> = { documentId: params.documentId };
    if (dp && action !== 'delete') where.publishedAt = { $notNull: true };
    if (isLocalized(model) && typeof params.locale === 'string' && params.locale !== '*') where.locale = params.locale;
    const paths = new Set<string>();
    for (const rule of rules) {
      if (rule.event === 'created') continue;
      if (rule.event === 'deleted') rulePaths(rule, lookup, uid).forEach((path) => paths.add(path));
      else if (rule.condition) paths.add(rule.condition.field);
    }
    // A plain update only needs the columns it writes and the ones the conditions read.
    const written = writtenFields(model, action, params.data);
    const select = written
      ? [
          ...new Set([
            'id',
            'documentId',
            'updatedAt',
            'publishedAt',
            ...(isLocalized(model) ? ['locale'] : []),
            ...written,
            ...[...paths].map((path) => path.split('.')[0]).filter((root) => isScalarType(model.attributes[root]?.type ?? 'relation')),
          ]),
        ]
      : undefined;
    const rows = await strapi.db.query(uid).findMany({ where, ...(select ? { select } : {}), populate: populateFor(lookup, uid, paths) });
    const byLocale = new Map<string, Record<string, any>>();
    for (const row of rows) {
      const existing = byLocale.get(localeOf(row));
      // delete on draft & publish: describe the record by its published version when it has one.
      if (!existing || (existing.publishedAt === null && row.publishedAt !== null)) byLocale.set(localeOf(row), row);
    }
    return byLocale;
  }

  /** Re-reads a version with the relations the conditions need, when the write's result lacks them. */
  async function withRelations(uid: string, row: Record<string, any>, rules: CompiledRule[]) {
    const relational = rules
      .map((rule) => rule.condition?.field)
      .filter((field): field is string => Boolean(field) && Object.keys(populateFor(lookup, uid, [field!])).length > 0);
    if (relational.length === 0 || typeof row.id !== 'number') return row;
    const fresh = await strapi.db.query(uid).findOne({ where: { id: row.id }, populate: populateFor(lookup, uid, relational) });
    return fresh ?? row;
  }

  async function draftFingerprint(uid: string, model: ModelLike, documentId: string, locale: string) {
    const where: Record<string, unknown> = { documentId, publishedAt: null };
    if (locale) where.locale = locale;
    const draft = await strapi.db.query(uid).findOne({ where });
    return `d${versionFingerprint(draft, contentFields(model))}`;
  }

  /** Evaluates the rules against one write; returns the transitions to deliver. */
  async function evaluate(
    context: DocumentContext,
    model: ModelLike,
    rules: CompiledRule[],
    before: Map<string, Record<string, any>>,
    result: any
  ): Promise<Job[]> {
    const { uid, action } = context;
    const params = context.params ?? {};
    const dp = isDraftAndPublish(model);
    const fields = writtenFields(model, action, params.data) ?? contentFields(model);
    const events = eventsForAction(action, dp, params.status);

    let entries: Record<string, any>[] = [];
    if (action === 'delete') entries = [...before.values()];
    else if (action === 'publish' || action === 'clone') entries = Array.isArray(result?.entries) ? result.entries : [];
    else if (result && typeof result === 'object') entries = [result];

    const jobs: Job[] = [];
    for (const entry of entries) {
      const documentId = entry.documentId ?? params.documentId ?? result?.documentId;
      if (!documentId) continue;
      const locale = localeOf(entry);
      const previous = action === 'delete' ? null : (before.get(locale) ?? null);
      const after = action === 'delete' ? entry : await withRelations(uid, entry, rules);

      const matched: Job[] = [];
      for (const rule of rules) {
        if (!events.includes(rule.event)) continue;
        if (rule.event === 'updated' && !previous) continue;
        if (rule.brokenReason) {
          matched.push({ rule, uid, documentId, locale: locale || null, event: rule.event, key: '', rowId: entry.id ?? null, snapshot: null });
          continue;
        }
        const condition =
          rule.event === 'deleted' ? evaluateCondition(rule.condition, null, entry) : evaluateCondition(rule.condition, previous, after);
        if (!condition.matched) continue;
        // Without a "changes" condition, an update or re-publish that changes none of the record's
        // own fields is not a transition ("saving again sends nothing").
        if ((!rule.condition || rule.condition.operator === 'equals') && previous && (rule.event === 'updated' || rule.event === 'published') && !contentChanged(previous, after, fields)) {
          continue;
        }
        let from = previous ? versionFingerprint(previous, fingerprintFields(model, rule)) : 'none';
        if (!previous && rule.event === 'published') from = await draftFingerprint(uid, model, documentId, locale);
        matched.push({
          rule,
          uid,
          documentId,
          locale: locale || null,
          event: rule.event,
          key: transitionKey({ ruleDocumentId: rule.documentId, documentId, event: rule.event, from, locale: locale || null }),
          rowId: typeof entry.id === 'number' ? entry.id : null,
          snapshot: rule.event === 'deleted' ? entry : null,
        });
      }
      // The message shows the record as it was at the transition, not as a later write left it:
      // one read, with every relation the matched rules need, only when something matched.
      const toRead = matched.filter((job) => !job.snapshot && !job.rule.brokenReason);
      if (toRead.length > 0 && typeof entry.id === 'number') {
        const paths = toRead.flatMap((job) => rulePaths(job.rule, lookup, uid));
        const snapshot = await strapi.db.query(uid).findOne({ where: { id: entry.id }, populate: populateFor(lookup, uid, paths) });
        for (const job of toRead) job.snapshot = snapshot ?? null;
      }
      jobs.push(...matched);
    }
    return jobs;
  }

  /** Runs the jobs after the surrounding transaction (if any) commits, outside the request. */
  function schedule(jobs: Job[]) {
    if (jobs.length === 0) return;
    waiting += 1;
    const start = () =>
      setImmediate(() => {
        waiting -= 1;
        for (const job of jobs) {
          const run = deliver(job).catch((error) => {
            strapi.log.error(`[whatsapp] automation ${job.rule.name}: ${errorMessage(error)}`);
          });
          pending.add(run);
          void run.finally(() => pending.delete(run));
        }
      });
    if (strapi.db.inTransaction()) {
      // A caller's transaction: send only if it commits (the write could still be rolled back).
      void strapi.db.transaction(({ onCommit, onRollback }) => {
        onCommit(start);
        onRollback(() => {
          waiting -= 1;
        });
      });
    } else {
      start();
    }
  }

  async function loadRecord(job: Job, paths: string[]) {
    if (job.snapshot) return job.snapshot;
    const populate = populateFor(lookup, job.uid, paths);
    if (job.rowId !== null) {
      const row = await strapi.db.query(job.uid).findOne({ where: { id: job.rowId }, populate });
      if (row) return row;
    }
    // The row was replaced meanwhile (a re-publish gives the published version a new id).
    const model = lookup(job.uid);
    const where: Record<string, unknown> = { documentId: job.documentId };
    if (isDraftAndPublish(model) && job.event !== 'created') where.publishedAt = { $notNull: true };
    if (job.locale) where.locale = job.locale;
    return strapi.db.query(job.uid).findOne({ where, populate });
  }

  async function deliver(job: Job): Promise<void> {
    const { rule } = job;
    const base = { at: new Date().toISOString(), documentId: job.documentId, key: job.key };
    try {
      if (rule.brokenReason) throw new Error(`the rule cannot be read: ${rule.brokenReason}`);
      const record = await loadRecord(job, rulePaths(rule, lookup, job.uid));
      if (!record) throw new Error(`${job.uid} ${job.documentId} no longer exists`);
      const prepared = await prepareSend(strapi, lookup, rule, job.uid, record, { locale: job.locale });
      if (!prepared.input) throw new Error(prepared.reasons.join('; '));
      const outcome = await sendTemplate(strapi, {
        ...prepared.input,
        idempotencyKey: job.key,
        source: { uid: job.uid, documentId: job.documentId },
        automationId: rule.id,
      });
      await recordRun(rule, { ...base, outcome: outcome.duplicate ? 'duplicate' : 'sent', message: outcome.message.documentId });
    } catch (error) {
      // A MARKETING template (perhaps since Meta recategorised it) to a customer who stopped
      // marketing messages: not a failure of the rule, the customer is skipped and the run says why.
      if ((error as { details?: { reason?: string } })?.details?.reason === 'marketing_opt_out') {
        await recordRun(rule, {
          ...base,
          outcome: 'skipped',
          error: `skipped: the customer opted out of marketing messages, and ${rule.templateName} (${rule.language}) is a MARKETING template`,
        });
        return;
      }
      await recordRun(rule, { ...base, outcome: 'failed', error: errorMessage(error) });
    }
  }

  /**
   * Appends to the rule's log and counters. Writes go through `strapi.db.query`, which does not
   * run document middlewares, so logging never invalidates the rule cache. Writes for one rule are
   * chained so that concurrent runs do not overwrite each other's log entries.
   */
  function recordRun(rule: { id: number; name: string }, run: AutomationRun): Promise<void> {
    const previous = logChains.get(rule.id) ?? Promise.resolve();
    const next = previous
      .then(async () => {
        const row = await strapi.db.query(UID.automation).findOne({ where: { id: rule.id }, select: ['id', 'recentRuns'] });
        if (!row) return;
        const runs = [run, ...(Array.isArray(row.recentRuns) ? row.recentRuns : [])].slice(0, RECENT_RUNS);
        const data: Record<string, unknown> = { recentRuns: runs, lastRunAt: new Date(run.at) };
        if (run.outcome === 'failed') data.lastError = run.error ?? 'failed';
        if (run.outcome === 'sent') data.lastError = null;
        await strapi.db.query(UID.automation).update({ where: { id: rule.id }, data });
        const counter = run.outcome === 'sent' ? 'sent_count' : run.outcome === 'failed' ? 'failed_count' : null;
        if (counter) {
          const { tableName } = strapi.db.metadata.get(UID.automation);
          await strapi.db.getConnection(tableName).where({ id: rule.id }).increment(counter, 1);
        }
        if (run.outcome === 'failed') strapi.log.warn(`[whatsapp] automation "${rule.name}" failed for ${run.documentId}: ${run.error}`);
      })
      .catch((error) => {
        strapi.log.error(`[whatsapp] could not log a run of automation "${rule.name}": ${errorMessage(error)}`);
      });
    logChains.set(rule.id, next);
    void next.finally(() => {
      if (logChains.get(rule.id) === next) logChains.delete(rule.id);
    });
    return next;
  }

  return {
    notificationsEnabled,
    rulesFor,
    cachedRules,
    invalidate,
    recordRun,

    /**
     * The document-service middleware body: evaluates the write against the rules of its content
     * type. The write's own result is returned untouched; nothing here can make it fail.
     */
    async observe(context: DocumentContext, next: () => Promise<unknown>): Promise<unknown> {
      const { uid, action } = context;
      const rules = cachedRules(uid) ?? (await rulesFor(uid).catch(() => [] as CompiledRule[]));
      if (rules.length === 0 || !notificationsEnabled()) return next();

      const model = lookup(uid);
      if (!model) return next();
      const params = context.params ?? {};
      const events = eventsForAction(action, isDraftAndPublish(model), params.status);
      const dp = isDraftAndPublish(model);
      const relevant = rules.filter((rule) => events.includes(rule.event) && mayMatchUpdate(rule, action, dp, params.data));
      if (relevant.length === 0) return next();

      let before = new Map<string, Record<string, any>>();
      let beforeError: unknown = null;
      if (params.documentId && relevant.some((rule) => rule.event !== 'created')) {
        try {
          before = await readBefore(uid, model, action, params, relevant);
        } catch (error) {
          beforeError = error;
        }
      }

      const result = await next();

      try {
        if (beforeError) {
          for (const rule of relevant.filter((r) => r.event !== 'created')) {
            void recordRun(rule, {
              at: new Date().toISOString(),
              outcome: 'failed',
              documentId: String(params.documentId),
              key: '',
              error: `could not read the record before the change: ${errorMessage(beforeError)}`,
            });
          }
        }
        schedule(await evaluate(context, model, beforeError ? relevant.filter((r) => r.event === 'created') : relevant, before, result));
      } catch (error) {
        strapi.log.error(`[whatsapp] automations for ${uid} ${action}: ${errorMessage(error)}`);
      }
      return result;
    },

    /** Resolves once every delivery started so far has finished (shutdown, tests, benchmarks). */
    async drain(): Promise<void> {
      while (waiting > 0 || pending.size > 0 || logChains.size > 0) {
        await Promise.allSettled([...pending, ...logChains.values()]);
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
  };
};

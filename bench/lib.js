/**
 * Helpers shared by the benchmarks (not a benchmark: bench/run.js only runs folders with a run.js).
 */

/** Median and nearest-rank percentile of a list of numbers. */
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
};

/** `--sql` of the benches: time spent per SQL statement shape through Strapi's knex, to see where the database time goes. */
function profileSql(strapi) {
  const started = new Map();
  const totals = new Map();
  const knex = strapi.db.connection;
  const shape = (sql) => sql.replace(/\(\?(, \?)*\)/g, '(…)').replace(/\s+/g, ' ').slice(0, 160);
  knex.on('query', (q) => started.set(q.__knexQueryUid, { at: process.hrtime.bigint(), sql: shape(q.sql) }));
  const done = (_r, q) => {
    const s = started.get(q.__knexQueryUid);
    if (!s) return;
    started.delete(q.__knexQueryUid);
    const t = totals.get(s.sql) || { n: 0, ms: 0 };
    t.n += 1;
    t.ms += Number(process.hrtime.bigint() - s.at) / 1e6;
    totals.set(s.sql, t);
  };
  knex.on('query-response', done);
  knex.on('query-error', (_e, q) => done(null, q));
  return {
    /** Forgets what was timed so far (e.g. set-up or warm-up). */
    reset() {
      totals.clear();
    },
    print() {
      console.log('  SQL by total time (ms, count, statement):');
      [...totals.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25).forEach(([sql, t]) => console.log(`    ${t.ms.toFixed(0).padStart(7)} ${String(t.n).padStart(6)}  ${sql}`));
    },
  };
}

module.exports = { median, percentile, profileSql };

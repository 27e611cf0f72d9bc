#!/usr/bin/env node
/**
 * `npm run bench [name…]`: runs bench/<name>/run.js for each name given, or every benchmark
 * folder, one after another (they pin processes to cores and must not overlap).
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const names = process.argv.slice(2).length
  ? process.argv.slice(2)
  : fs.readdirSync(__dirname).filter((name) => fs.existsSync(path.join(__dirname, name, 'run.js')));

let failed = 0;
for (const name of names) {
  const script = path.join(__dirname, name, 'run.js');
  if (!fs.existsSync(script)) {
    console.error(`no benchmark named ${name} (bench/${name}/run.js)`);
    failed += 1;
    continue;
  }
  console.log(`\n=== bench/${name} ===`);
  const result = spawnSync(process.execPath, [script], { stdio: 'inherit' });
  if (result.status !== 0) failed += 1;
}
process.exit(failed ? 1 : 0);

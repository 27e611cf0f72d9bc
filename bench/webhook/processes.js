/**
 * Starting and stopping the benchmark's server processes: each runs alone on core 0 (taskset,
 * when the machine has it) and prints `READY <port>` when it is ready; the bench itself and its
 * load generator run on core 1.
 */
const { spawn, execFileSync } = require('child_process');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');

const hasTaskset = (() => {
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** Moves this process (the bench and its load generator) to core 1. */
function pinSelf() {
  if (hasTaskset) execFileSync('taskset', ['-pc', '1', String(process.pid)], { stdio: 'ignore' });
}

/** Starts `script` on core 0 (with `nodeArgs` for node); resolves with the child and the port it printed. */
function startServer(script, env, nodeArgs = []) {
  const command = hasTaskset ? 'taskset' : process.execPath;
  const argv = hasTaskset ? ['-c', '0', process.execPath, ...nodeArgs, script] : [...nodeArgs, script];
  // stdin stays open: the processing bench writes `start` to it.
  const child = spawn(command, argv, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /READY (\d+)/.exec(out);
      if (match) resolve({ child, port: Number(match[1]) });
    });
    child.on('exit', (code) => reject(new Error(`${path.basename(script)} exited with ${code} before it was ready`)));
  });
}

const stopServer = (child) =>
  new Promise((resolve) => {
    child.removeAllListeners('exit');
    if (child.exitCode !== null) return resolve();
    child.on('exit', resolve);
    child.kill('SIGTERM');
  });

module.exports = { ROOT, hasTaskset, pinSelf, startServer, stopServer };

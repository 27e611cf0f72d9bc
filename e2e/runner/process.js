/** Child processes for the e2e runner: run to completion, or spawn and stop later. */
const path = require('path');
const { spawn } = require('child_process');

/** Runs a command with inherited stdio; rejects with its exit code. */
function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', ...options });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} failed (${signal || `exit code ${code}`})`));
    });
  });
}

/** Sends SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
function stop(child, graceMs = 10000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** The strapi CLI of the installed @strapi/strapi (its bin is not in the package's exports map). */
function strapiBin() {
  return path.join(path.dirname(require.resolve('@strapi/strapi/package.json')), 'bin', 'strapi.js');
}

module.exports = { run, stop, strapiBin };

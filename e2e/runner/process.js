/** Child processes for the e2e runner: run to completion, or spawn and stop later. */
const fs = require('fs');
const net = require('net');
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

/** A free loopback port (the OS picks one, it is released at once for the caller to bind). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The last lines of a log file, for a failure message. */
function tail(file, lines = 40) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

module.exports = { run, stop, strapiBin, freePort, tail };

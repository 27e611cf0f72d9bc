/**
 * Small helpers for the install test (e2e/install/run.js): named steps with durations, child
 * processes with their output in a log file, a JSON HTTP client, polling and webhook signing.
 * No dependencies beyond Node's standard library.
 */
const crypto = require('crypto');
const fs = require('fs');
const { spawn } = require('child_process');
const { freePort, tail } = require('../runner/process');

const log = (line) => console.log(`[install] ${line}`);
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** A check that failed: the message says what was expected and what came back. */
class CheckError extends Error {}

function check(condition, message) {
  if (!condition) throw new CheckError(message);
}

/** Runs named steps one after another; the first failure stops the run and names its step. */
class Steps {
  constructor() {
    this.timings = [];
    this.failed = undefined;
  }

  async run(name, fn) {
    log(`▶ ${name}`);
    const started = Date.now();
    try {
      const result = await fn();
      const ms = Date.now() - started;
      this.timings.push({ name, ms, ok: true });
      log(`✓ ${name} (${seconds(ms)})`);
      return result;
    } catch (error) {
      const ms = Date.now() - started;
      this.timings.push({ name, ms, ok: false });
      this.failed = { name, error };
      log(`✗ ${name} FAILED after ${seconds(ms)}: ${error.message}`);
      error.step = name;
      throw error;
    }
  }

  summary() {
    log('step durations');
    for (const { name, ms, ok } of this.timings) {
      log(`  ${ok ? '✓' : '✗'} ${name.padEnd(58)} ${seconds(ms).padStart(8)}`);
    }
    const total = this.timings.reduce((sum, t) => sum + t.ms, 0);
    log(`  ${'total'.padEnd(60)} ${seconds(total).padStart(8)}`);
  }
}

/**
 * Runs a command to completion with its output appended to `logFile` (not the console: npm and
 * the admin build are noisy). Rejects with the last lines of the log when it fails or times out.
 */
function runLogged(command, args, { cwd, env, logFile, timeoutMs = 10 * 60 * 1000 }) {
  return new Promise((resolve, reject) => {
    fs.appendFileSync(logFile, `\n$ ${command} ${args.join(' ')}   (in ${cwd})\n`);
    const out = fs.openSync(logFile, 'a');
    // Own process group, so a timeout also ends what npm or strapi started.
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', out, out], detached: true });
    fs.closeSync(out);
    const timer = setTimeout(() => {
      killGroup(child, 'SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} did not finish within ${seconds(timeoutMs)}; last lines of ${logFile}:\n${tail(logFile)}`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} failed (${signal || `exit code ${code}`}); last lines of ${logFile}:\n${tail(logFile)}`));
    });
  });
}

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

/** Starts a long-running process (Strapi, the sandbox) with its output in `logFile`. */
function startService(command, args, { cwd, env, logFile }) {
  const out = fs.openSync(logFile, 'w');
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', out, out], detached: true });
  fs.closeSync(out);
  let exit;
  child.on('exit', (code, signal) => {
    exit = signal || `exit code ${code}`;
  });
  return {
    child,
    logFile,
    get exited() {
      return exit;
    },
    output: () => {
      try {
        return fs.readFileSync(logFile, 'utf8');
      } catch {
        return '';
      }
    },
    /** SIGTERM to its process group, SIGKILL after `graceMs`. */
    stop(graceMs = 10000) {
      if (exit) return Promise.resolve();
      return new Promise((resolve) => {
        const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        killGroup(child, 'SIGTERM');
      });
    },
  };
}

/** JSON over fetch: `{ status, body, text }`, never throws on an HTTP status. */
function client(baseUrl) {
  return async function request(method, path, { token, body, headers = {}, raw } = {}) {
    const init = { method, headers: { ...headers } };
    if (token) init.headers.authorization = `Bearer ${token}`;
    if (raw !== undefined) init.body = raw;
    else if (body !== undefined) {
      init.headers['content-type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let res;
    try {
      res = await fetch(`${baseUrl}${path}`, { ...init, signal: AbortSignal.timeout(30000) });
    } catch (error) {
      throw new Error(`${method} ${path}: no answer (${error.cause?.code || error.message})`);
    }
    const text = await res.text();
    let json;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, body: json, text };
  };
}

/** What a response says, short enough for an error message. */
function describe(res) {
  const text = res.text && res.text.length > 600 ? `${res.text.slice(0, 600)}…` : res.text;
  return `HTTP ${res.status} ${text || ''}`.trim();
}

/**
 * Calls `fn` until it returns something truthy; on timeout fails with `what` and the last value
 * `fn` saw (`fn` may set `state.last` to explain what it is waiting on).
 */
async function poll(what, fn, { timeoutMs = 30000, intervalMs = 250 } = {}) {
  const state = { last: undefined };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn(state);
    if (value) return value;
    if (Date.now() > deadline) {
      throw new CheckError(`timed out after ${seconds(timeoutMs)} waiting for ${what}${state.last !== undefined ? `; last seen: ${typeof state.last === 'string' ? state.last : JSON.stringify(state.last)}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Meta's webhook signature: `sha256=` + hex HMAC-SHA256 of the exact body bytes with the app secret. */
function sign(appSecret, raw) {
  return `sha256=${crypto.createHmac('sha256', appSecret).update(raw).digest('hex')}`;
}

const randomSecret = (bytes = 18) => crypto.randomBytes(bytes).toString('base64url');

module.exports = {
  CheckError,
  Steps,
  check,
  client,
  describe,
  freePort,
  log,
  poll,
  randomSecret,
  runLogged,
  seconds,
  sign,
  startService,
  tail,
};

/**
 * Starts another instance of the app as a child process (helpers/instance-process.js) with this
 * process's environment as it is now: started while a startTestApp() app runs, it shares that
 * app's database, secrets and sandbox, like a second server behind a load balancer.
 */
import { fork } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

export interface ChildInstance {
  url: string;
  /** The live bus the instance chose (memory, postgres, redis). */
  liveBus: string;
  /** The instance's log (stdout and stderr), for a failing test's message. */
  log(): string;
  stop(): Promise<void>;
  /** SIGKILL, as a crash or an OOM kill would: no shutdown, claims and leases left as they were. */
  kill(): Promise<void>;
}

export async function startChildInstance(env: Record<string, string | undefined> = {}, timeoutMs = 90_000): Promise<ChildInstance> {
  const logFile = path.join(os.tmpdir(), `whatsapp-instance-${process.pid}-${Date.now()}.log`);
  const fd = fs.openSync(logFile, 'w');
  const childEnv: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...process.env, ...env })) if (value !== undefined) childEnv[key] = value;
  const child = fork(path.join(__dirname, 'instance-process.js'), [], { env: childEnv, stdio: ['ignore', fd, fd, 'ipc'] });
  const log = () => fs.readFileSync(logFile, 'utf8');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const started = await new Promise<{ url: string; liveBus: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`second instance did not start in ${timeoutMs} ms:\n${log().slice(-3000)}`)), timeoutMs);
    child.on('message', (message: any) => {
      clearTimeout(timer);
      if (message?.url) resolve(message);
      else reject(new Error(`second instance failed: ${message?.error}\n${log().slice(-3000)}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`second instance exited (${code}):\n${log().slice(-3000)}`));
    });
  }).catch(async (error) => {
    child.kill('SIGKILL');
    fs.closeSync(fd);
    throw error;
  });

  return {
    url: started.url,
    liveBus: started.liveBus,
    log,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.send('stop');
        const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await exited;
        clearTimeout(killer);
      }
      fs.closeSync(fd);
      fs.rmSync(logFile, { force: true });
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

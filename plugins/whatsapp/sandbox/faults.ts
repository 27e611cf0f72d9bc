import type { SandboxFault } from './types';

/**
 * Injected failures. A fault matches by method and path; it then fires for its next `count`
 * matches, for a `rate` share of them, or (neither given) for every match until cleared.
 * The first matching fault that fires wins, so a test can stack a one-off over a background rate.
 */
interface Entry {
  fault: SandboxFault;
  remaining?: number;
}

export class FaultRegistry {
  private entries: Entry[] = [];

  add(fault: SandboxFault): void {
    if (!['error', 'timeout', 'reset'].includes(fault.kind)) throw new Error(`Unknown fault kind: ${String(fault.kind)}`);
    if (fault.rate !== undefined && (fault.rate < 0 || fault.rate > 1)) throw new Error('Fault rate must be between 0 and 1');
    if (fault.count !== undefined && (!Number.isInteger(fault.count) || fault.count < 1)) {
      throw new Error('Fault count must be a positive integer');
    }
    this.entries.push({ fault, remaining: fault.count });
  }

  clear(): void {
    this.entries = [];
  }

  /** The fault to apply to this request, if any; consumes one use of a counted fault. */
  take(method: string, pathWithQuery: string, body?: unknown, random: () => number = Math.random): SandboxFault | undefined {
    for (const entry of this.entries) {
      if (!matches(entry.fault, method, pathWithQuery, body)) continue;
      if (entry.remaining !== undefined) {
        entry.remaining -= 1;
        if (entry.remaining <= 0) this.entries = this.entries.filter((other) => other !== entry);
        return entry.fault;
      }
      if (entry.fault.rate !== undefined) {
        if (random() < entry.fault.rate) return entry.fault;
        continue;
      }
      return entry.fault;
    }
    return undefined;
  }
}

function matches(fault: SandboxFault, method: string, pathWithQuery: string, body: unknown): boolean {
  if (fault.method && fault.method.toUpperCase() !== method.toUpperCase()) return false;
  if (fault.sendsOnly && !isMessageSend(body)) return false;
  if (fault.path === undefined) return true;
  if (typeof fault.path === 'string') return pathWithQuery.includes(fault.path);
  fault.path.lastIndex = 0; // a /g regex keeps state between test() calls
  return fault.path.test(pathWithQuery);
}

/** A send carries `to`; a read receipt or typing indicator carries `status: "read"` instead. */
function isMessageSend(body: unknown): boolean {
  return typeof body === 'object' && body !== null && 'to' in body && !('status' in body);
}

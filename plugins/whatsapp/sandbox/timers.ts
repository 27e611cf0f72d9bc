/**
 * Every delayed action (status webhooks, template approvals, webhook retries) is scheduled here,
 * so close() can cancel all of them and a test never sees a webhook from a sandbox it closed.
 */
export class TimerRegistry {
  private readonly pending = new Map<NodeJS.Timeout, () => void>();
  private stopped = false;

  get isStopped(): boolean {
    return this.stopped;
  }

  /** Runs fn after ms unless cancelled first; errors in fn are reported to onError, never thrown. */
  after(ms: number, fn: () => void | Promise<void>, onError: (error: unknown) => void = () => undefined): void {
    if (this.stopped) return;
    const handle = setTimeout(() => {
      this.pending.delete(handle);
      try {
        Promise.resolve(fn()).catch(onError);
      } catch (error) {
        onError(error);
      }
    }, Math.max(0, ms));
    this.pending.set(handle, () => undefined);
  }

  /** Resolves true after ms, or false at once when the registry is (or gets) cancelled. */
  sleep(ms: number): Promise<boolean> {
    if (this.stopped) return Promise.resolve(false);
    return new Promise((resolve) => {
      const handle = setTimeout(() => {
        this.pending.delete(handle);
        resolve(true);
      }, Math.max(0, ms));
      this.pending.set(handle, () => resolve(false));
    });
  }

  /** Cancels what is pending; the registry keeps working for later schedules (used by reset). */
  cancelAll(): void {
    for (const [handle, onCancel] of this.pending) {
      clearTimeout(handle);
      onCancel();
    }
    this.pending.clear();
  }

  /** Cancels everything and refuses new work (used by close). */
  stop(): void {
    this.stopped = true;
    this.cancelAll();
  }
}

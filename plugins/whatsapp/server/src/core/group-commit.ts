/**
 * Group commit: each caller hands in one item and waits for it to be written; items that arrive
 * while the event loop is busy, or while earlier writes wait for the disk, are written together by
 * the next write. On PostgreSQL a commit costs a disk flush whatever it holds, so this turns
 * hundreds of one-row commits a second into a few larger ones; SQLite pays per commit too.
 *
 * Used by the webhook (stored events) and the outbox (rows moving to `sending`, Meta's answers).
 */
export interface GroupCommitOptions {
  /** Most items handed to one write. */
  maxBatch: number;
  /**
   * Writes running at once. More than one lets a batch fill while the previous one waits for its
   * commit; later items wait and the batch grows.
   */
  maxInFlight: number;
}

export interface GroupCommit<T, R> {
  /** Resolves with this item's result once its batch was written; rejects if the write failed. */
  add(item: T): Promise<R>;
  /** Resolves once nothing is waiting or being written (shutdown, tests). */
  drain(): Promise<void>;
}

interface Waiting<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * `write` receives a batch and returns one result per item, in order (or nothing, for `void`
 * results). If it throws, every item of that batch is rejected with the error.
 */
export function createGroupCommit<T, R = void>(
  write: (items: T[]) => Promise<R[] | void>,
  options: GroupCommitOptions
): GroupCommit<T, R> {
  let queue: Waiting<T, R>[] = [];
  let scheduled = false;
  const inFlight = new Set<Promise<void>>();

  const schedule = () => {
    if (scheduled || inFlight.size >= options.maxInFlight || queue.length === 0) return;
    scheduled = true;
    // The next turn of the event loop, so that items added in this one share the write.
    setImmediate(flush);
  };

  const flush = () => {
    scheduled = false;
    if (queue.length === 0) return;
    const batch = queue.slice(0, options.maxBatch);
    queue = queue.slice(batch.length);
    const done: Promise<void> = Promise.resolve()
      .then(() => write(batch.map((waiting) => waiting.item)))
      .then(
        (results) => batch.forEach((waiting, i) => waiting.resolve((results ? results[i] : undefined) as R)),
        (error) => batch.forEach((waiting) => waiting.reject(error))
      )
      .finally(() => {
        inFlight.delete(done);
        schedule();
      });
    inFlight.add(done);
    schedule();
  };

  return {
    add(item: T): Promise<R> {
      return new Promise<R>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        schedule();
      });
    },

    async drain(): Promise<void> {
      while (inFlight.size > 0 || queue.length > 0 || scheduled) {
        await (inFlight.size > 0 ? Promise.allSettled([...inFlight]) : new Promise((resolve) => setImmediate(resolve)));
      }
    },
  };
}

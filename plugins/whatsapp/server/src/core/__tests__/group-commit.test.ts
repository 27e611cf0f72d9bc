import { createGroupCommit } from '../group-commit';

/** A write whose completion the test controls, recording every batch it was given. */
function controlledWrite<T>() {
  const batches: T[][] = [];
  const pending: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  const write = (items: T[]) => {
    batches.push(items);
    return new Promise<void>((resolve, reject) => pending.push({ resolve, reject }));
  };
  return { batches, pending, write };
}

/** Lets a few turns of the event loop pass (writes are started on the next turn). */
const nextTurn = async () => {
  for (let i = 0; i < 3; i += 1) await new Promise((resolve) => setImmediate(resolve));
};

describe('createGroupCommit', () => {
  it('writes items added in the same turn together, and resolves each with its own result', async () => {
    const writes: number[][] = [];
    const commit = createGroupCommit<number, number>(
      async (items) => {
        writes.push(items);
        return items.map((n) => n * 10);
      },
      { maxBatch: 100, maxInFlight: 1 }
    );
    const results = await Promise.all([commit.add(1), commit.add(2), commit.add(3)]);
    expect(results).toEqual([10, 20, 30]);
    expect(writes).toEqual([[1, 2, 3]]);
  });

  it('gathers items that arrive while a write is in flight into the next write', async () => {
    const { batches, pending, write } = controlledWrite<string>();
    const commit = createGroupCommit<string>(write, { maxBatch: 100, maxInFlight: 1 });
    const first = commit.add('a');
    await nextTurn();
    expect(batches).toEqual([['a']]);

    const later = [commit.add('b'), commit.add('c')];
    await nextTurn();
    expect(batches).toHaveLength(1); // waits for the write in flight

    pending[0].resolve();
    await first;
    await nextTurn();
    expect(batches).toEqual([['a'], ['b', 'c']]);
    pending[1].resolve();
    await Promise.all(later);
  });

  it('runs up to maxInFlight writes at once and caps each at maxBatch', async () => {
    const { batches, pending, write } = controlledWrite<number>();
    const commit = createGroupCommit<number>(write, { maxBatch: 2, maxInFlight: 2 });
    const all = [1, 2, 3, 4, 5].map((n) => commit.add(n));
    await nextTurn();
    expect(batches).toEqual([
      [1, 2],
      [3, 4],
    ]);
    pending[0].resolve();
    await all[0];
    await nextTurn();
    expect(batches[2]).toEqual([5]);
    pending[1].resolve();
    pending[2].resolve();
    await Promise.all(all);
  });

  it('rejects every item of a failed write, and goes on with later ones', async () => {
    let fail = true;
    const commit = createGroupCommit<number>(
      async () => {
        if (fail) throw new Error('disk full');
      },
      { maxBatch: 10, maxInFlight: 1 }
    );
    const failed = await Promise.allSettled([commit.add(1), commit.add(2)]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((failed[0] as PromiseRejectedResult).reason.message).toBe('disk full');
    fail = false;
    await expect(commit.add(3)).resolves.toBeUndefined();
  });

  it('drain() waits for queued and running writes', async () => {
    const { pending, write } = controlledWrite<number>();
    const commit = createGroupCommit<number>(write, { maxBatch: 1, maxInFlight: 1 });
    const added = [commit.add(1), commit.add(2)];
    let drained = false;
    const draining = commit.drain().then(() => (drained = true));
    await nextTurn();
    pending[0].resolve();
    await nextTurn();
    expect(drained).toBe(false); // the second item is still being written
    pending[1].resolve();
    await draining;
    await Promise.all(added);
    expect(drained).toBe(true);
  });
});

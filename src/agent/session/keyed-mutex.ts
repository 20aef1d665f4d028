/** Serialises async work per key (one session's file operations never interleave); idle keys are forgotten. */

/**
 * Runs `task` after every earlier task for the same key has settled. On an idle key the task starts at
 * once, in the caller's tick: a turn takes a session's lock several times per message, and on a board
 * running without the JIT each promise hop of a queued start costs more than the work it guards.
 */
export function createKeyedMutex(): <T>(key: string, task: () => Promise<T>) => Promise<T> {
  // A key is held while it is in the map; its array holds the starts of the tasks waiting, in order.
  const waiting = new Map<string, (() => void)[]>();

  const release = (key: string) => {
    const next = waiting.get(key)?.shift();
    if (next) next();
    else waiting.delete(key);
  };

  async function hold<T>(key: string, task: () => Promise<T>): Promise<T> {
    try {
      return await task();
    } finally {
      release(key);
    }
  }

  return <T>(key: string, task: () => Promise<T>): Promise<T> => {
    const queue = waiting.get(key);
    if (!queue) {
      waiting.set(key, []);
      return hold(key, task);
    }
    return new Promise<T>((resolve, reject) => {
      queue.push(() => {
        hold(key, task).then(resolve, reject);
      });
    });
  };
}

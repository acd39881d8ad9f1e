// A counting semaphore: at most `limit` holders at once, the rest wait in order.

import { RemoteError } from '../errors.js';

export interface Semaphore {
  /** Resolves with a release function once a place is free; rejects if `signal` fires first. */
  acquire(signal?: AbortSignal): Promise<() => void>;
  readonly active: number;
  readonly waiting: number;
}

export function createSemaphore(limit: number): Semaphore {
  if (!Number.isInteger(limit) || limit < 1) throw new RemoteError('EINVAL', `a concurrency limit must be a whole number of at least 1, got ${limit}`);
  let active = 0;
  const queue: Array<() => void> = [];
  const releaser = () => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = queue.shift();
      if (next) next();
      else active--;
    };
  };
  return {
    acquire(signal) {
      if (signal?.aborted) return Promise.reject(aborted(signal));
      if (active < limit) {
        active++;
        return Promise.resolve(releaser());
      }
      return new Promise((resolve, reject) => {
        // The place passes straight from the releaser to the next in line: `active` stays.
        const grant = () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(releaser());
        };
        const onAbort = () => {
          const at = queue.indexOf(grant);
          if (at >= 0) queue.splice(at, 1);
          reject(aborted(signal!));
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        queue.push(grant);
      });
    },
    get active() {
      return active;
    },
    get waiting() {
      return queue.length;
    },
  };
}

function aborted(signal: AbortSignal): RemoteError {
  return signal.reason instanceof RemoteError ? signal.reason : new RemoteError('EABORTED', 'aborted while waiting for a free connection slot', {}, { cause: signal.reason });
}

// Time for tests: a sleep that records what it was asked and returns at once, and timers
// advanced by hand, so no test waits in real time or depends on the machine's speed.

import type { Sleep, Timers } from '../http/types.js';

export interface RecordingSleep {
  sleep: Sleep;
  delays: number[];
}

export function recordingSleep(onSleep?: (ms: number) => void): RecordingSleep {
  const delays: number[] = [];
  return {
    delays,
    sleep: async (ms, signal) => {
      delays.push(ms);
      onSleep?.(ms);
      if (signal?.aborted) throw signal.reason;
    },
  };
}

export interface ManualTimers extends Timers {
  /** Move the clock on, firing every timer that falls due, in order. */
  advance(ms: number): void;
  readonly now: number;
  readonly pending: number;
}

export function manualTimers(): ManualTimers {
  let now = 0;
  let nextId = 1;
  const timers = new Map<number, { at: number; callback: () => void }>();
  return {
    setTimeout(callback, ms) {
      const id = nextId++;
      timers.set(id, { at: now + ms, callback });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    advance(ms) {
      const until = now + ms;
      for (;;) {
        let due: [number, { at: number; callback: () => void }] | undefined;
        for (const entry of timers) if (entry[1].at <= until && (!due || entry[1].at < due[1].at)) due = entry;
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].callback();
      }
      now = until;
    },
    get now() {
      return now;
    },
    get pending() {
      return timers.size;
    },
  };
}

// Settings shared by every memoised function of a process (configure()), and the options one
// memo() call may override.

import type { CacheStoreApi } from '../cache-store/cache-store.js';

export type MemoMode = 'use' | 'refresh' | 'off';

export interface MemoSettings {
  /** Store a result only when computing it took at least this long (ms); 0 stores every result. */
  thresholdMs: number;
  /** use: read and write the cache; refresh: recompute and overwrite; off: bypass it. */
  mode: MemoMode;
  /** Explain each miss (which part of the key changed) through the runtime's log. */
  debug: boolean;
}

export const DEFAULT_SETTINGS: MemoSettings = { thresholdMs: 3000, mode: 'use', debug: false };

export interface MemoOptions extends Partial<MemoSettings> {
  /** Store every result, however fast. */
  always?: boolean;
  /**
   * Key the call yourself: a string is the entry's key as is (editing the function then does not
   * invalidate it); a function of the arguments returns what to hash instead of them.
   */
  key?: string | ((...args: never[]) => unknown);
  /** Part of the function's identity: bump it to invalidate earlier entries. */
  version?: string | number;
  /** Time to live: ms or a duration such as '12h'. */
  ttl?: number | string;
  serializer?: string;
  /** Another cache project (name or directory), or a store, instead of the current one. */
  store?: string | CacheStoreApi;
  /** Name in keys and messages, for anonymous functions. */
  name?: string;
}

const MODES: readonly string[] = ['use', 'refresh', 'off'];

export function checkSettings(s: Partial<MemoSettings>, where: string): void {
  if (s.thresholdMs !== undefined && (typeof s.thresholdMs !== 'number' || !(s.thresholdMs >= 0))) {
    throw new TypeError(`${where}: thresholdMs must be a number of milliseconds >= 0, not ${String(s.thresholdMs)}`);
  }
  if (s.mode !== undefined && !MODES.includes(s.mode)) {
    throw new TypeError(`${where}: mode must be 'use', 'refresh' or 'off', not ${JSON.stringify(s.mode)}`);
  }
}

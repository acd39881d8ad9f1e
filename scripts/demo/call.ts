// A user calling a lab function: `user.ts` in the user's own process, and its one-line report.

import type { CacheStats } from 'xetcache';
import { userScript } from './paths.js';
import { DemoError, runTs, tail } from './processes.js';
import type { User } from './users.js';

export interface CallReport {
  /** Function bodies that ran in the user's process (empty: a cache hit). */
  computed: string[];
  /** The memoised call alone, timed in the user's process. */
  ms: number;
  size: number;
  /** Entries the call added to the project. */
  created: string[];
  /** Values fetched from the hub during the call: count, bytes, bytes that crossed the network. */
  fetched: { values: number; processed: number; transferred: number };
  statsBefore: CacheStats;
  statsAfter: CacheStats;
}

export async function call(user: User, project: string, fn: 'train' | 'finetune', run: number, bytes: number): Promise<CallReport> {
  const r = await runTs(userScript, [project, fn, String(run), String(bytes)], { env: user.env, cwd: user.home });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  if (r.code !== 0 || !line.startsWith('{')) {
    throw new DemoError(`${user.name}: ${fn}(${run}) failed (exit ${r.code}):\n${tail(`${r.stderr}${r.stdout}`)}`);
  }
  return JSON.parse(line) as CallReport;
}

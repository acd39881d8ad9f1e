// Whether a pid still names the process that wrote it. Pids get reused, so a lock records the
// process's start time too (Linux: field 22 of /proc/PID/stat); elsewhere the pid alone decides.

import { readFileSync } from 'node:fs';
import { isProcessAlive } from '@xetcache/core/node';

export interface ProcessIdentity {
  pid: number;
  /** Clock ticks after boot at which the process started; null where unknown. */
  start: string | null;
}

export function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold anything: count after the last one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

export const isAlive = isProcessAlive;

export const selfIdentity = (): ProcessIdentity => ({ pid: process.pid, start: processStart(process.pid) });

/** Whether the process described is still running (and is the same process). */
export function isRunning(who: ProcessIdentity): boolean {
  if (!isAlive(who.pid)) return false;
  if (who.start === null) return true;
  const now = processStart(who.pid);
  return now === null || now === who.start;
}

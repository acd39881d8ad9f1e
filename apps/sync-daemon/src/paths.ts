// Where the daemon keeps its state, under XETCACHE_HOME: one directory, readable by its user only.

import { join } from 'node:path';

export interface DaemonPaths {
  dir: string;
  /** Held for the daemon's whole life: one daemon per XETCACHE_HOME. */
  lock: string;
  /** `{ pid, port, token, startedAt }` of the running daemon (mode 0600). */
  control: string;
  /** JSON lines, one per event. */
  log: string;
  /** What the daemon's process printed itself (a crash, a startup failure). */
  output: string;
}

export function daemonPaths(home: string): DaemonPaths {
  const dir = join(home, 'daemon');
  return {
    dir,
    lock: join(dir, 'lock'),
    control: join(dir, 'control.json'),
    log: join(dir, 'log.jsonl'),
    output: join(dir, 'output.log'),
  };
}

/** The directory holding every `owner/name` project. */
export const projectsDir = (home: string): string => join(home, 'projects');

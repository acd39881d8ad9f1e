// The answer of `daemon status --json` (SPEC §4): whether a daemon runs, and per project the
// times of its last push and pull, what is waiting to go up, and the last error.

export interface ProjectStatus {
  name: string;
  dir: string;
  lastPush: string | null;
  lastPull: string | null;
  pendingEntries: number;
  pendingBytes: number;
  lastError: string | null;
}

export interface DaemonStatus {
  running: boolean;
  pid: number | null;
  port: number | null;
  startedAt?: string;
  /** Seconds between pulls. */
  interval?: number;
  projects: ProjectStatus[];
}

export const notRunning = (): DaemonStatus => ({ running: false, pid: null, port: null, projects: [] });

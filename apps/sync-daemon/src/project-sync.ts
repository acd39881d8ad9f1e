// One project's sync schedule: push soon after local work appears, pull every interval, and
// back off (doubling, with jitter, up to a ceiling) while the hub fails. What it does is injected,
// so the schedule is tested without a hub; the daemon hands in pushAll/pullAll.

export interface ProjectSyncDeps {
  name: string;
  push(): Promise<{ values: number; transferred: number }>;
  pull(): Promise<{ changed: number; transferred: number }>;
  /** Whether something local is not on the hub yet. */
  hasLocalWork(): Promise<boolean>;
  now(): number;
  random(): number;
  /** Pull this often (ms). */
  intervalMs: number;
  /** First wait after a failure (ms); doubles per failure up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  log(level: 'info' | 'warn' | 'error', event: string, fields: Record<string, unknown>): void;
}

export interface ProjectSyncState {
  name: string;
  lastPush: string | null;
  lastPull: string | null;
  lastError: string | null;
  /** Consecutive failures; 0 when the last attempt succeeded. */
  failures: number;
  /** When the next attempt may run after failures (ISO), or null. */
  retryAt: string | null;
}

export interface ProjectSync {
  state(): ProjectSyncState;
  /** Do what is due now; resolves when done. Never throws: failures go to the state and the log. */
  tick(): Promise<void>;
  /** Pull and push at the next tick, even before the interval (and past a backoff). */
  request(): void;
}

export function createProjectSync(deps: ProjectSyncDeps): ProjectSync {
  const base = deps.backoffMs ?? 1000;
  const ceiling = deps.maxBackoffMs ?? 60_000;
  const iso = (t: number) => new Date(t).toISOString();
  let lastPull: number | undefined;
  let lastPush: number | undefined;
  let lastError: string | null = null;
  let failures = 0;
  let retryAt = 0;
  let requested = true; // a daemon that starts catches up at once
  let phase: 'pull' | 'push' = 'pull';

  async function attempt(): Promise<void> {
    const now = deps.now();
    if (requested || lastPull === undefined || now - lastPull >= deps.intervalMs) {
      requested = false;
      phase = 'pull';
      const report = await deps.pull();
      lastPull = deps.now();
      if (report.changed || report.transferred) deps.log('info', 'pulled', { project: deps.name, changed: report.changed, transferred: report.transferred });
    }
    if (await deps.hasLocalWork()) {
      phase = 'push';
      deps.log('info', 'push-start', { project: deps.name });
      const report = await deps.push();
      lastPush = deps.now();
      deps.log('info', 'pushed', { project: deps.name, values: report.values, transferred: report.transferred });
    }
  }

  return {
    state: () => ({
      name: deps.name,
      lastPush: lastPush === undefined ? null : iso(lastPush),
      lastPull: lastPull === undefined ? null : iso(lastPull),
      lastError,
      failures,
      retryAt: failures ? iso(retryAt) : null,
    }),
    request() {
      requested = true;
      retryAt = 0;
    },
    async tick() {
      if (failures && deps.now() < retryAt) return;
      try {
        await attempt();
        if (failures) deps.log('info', 'recovered', { project: deps.name, after: failures });
        failures = 0;
        lastError = null;
      } catch (err) {
        failures++;
        lastError = (err as Error)?.message ?? String(err);
        // Full jitter over the upper half: machines that lost the hub together do not return together.
        const wait = Math.min(ceiling, base * 2 ** (failures - 1));
        retryAt = deps.now() + wait / 2 + (wait / 2) * deps.random();
        deps.log('warn', 'sync-failed', { project: deps.name, phase, error: lastError, failures, retryInMs: Math.round(retryAt - deps.now()) });
      }
    },
  };
}

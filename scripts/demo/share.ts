// How a user's cache project reaches the team, and the team's reaches them: each user's sync
// daemon (`xetcache daemon run`, in the foreground as a service manager would start it, so the
// demo can stop it whatever happens), which pushes new entries within a second and pulls every
// XETCACHE_SYNC_INTERVAL seconds (1 here). Nobody pushes or pulls by hand. `share(...)` waits
// for a daemon to have done its part and reads what moved from its log (JSON lines).

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { daemonStatus } from '@xetcache/sync-daemon';
import { cliBin } from './paths.js';
import { DemoError, startTs, tail, type Started } from './processes.js';
import type { User } from './users.js';

/** Said in the demo's output. */
export const SHARING = "each user's sync daemon; nobody pushes or pulls by hand";

/** Seconds between a daemon's pulls in the demo. */
const INTERVAL = '1';

interface Daemon {
  process: Started;
  /** Log lines already accounted for. */
  seen: number;
}

const daemons = new Map<string, Daemon>();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const home = (user: User) => user.env.XETCACHE_HOME!;

/** Start the user's daemon; resolves once it answers on its control port. */
export async function startDaemon(user: User): Promise<{ ms: number; pid: number }> {
  const t = performance.now();
  user.env.XETCACHE_SYNC_INTERVAL = INTERVAL;
  const process = startTs(cliBin, ['daemon', 'run'], { env: user.env, cwd: user.home, dieWithDemo: true });
  daemons.set(user.name, { process, seen: 0 });
  for (;;) {
    const status = await daemonStatus(home(user));
    if (status.running && status.pid) return { ms: performance.now() - t, pid: status.pid };
    if (process.child.exitCode !== null) throw new DemoError(`${user.name}'s daemon exited:\n${tail(process.output())}`);
    await sleep(50);
  }
}

interface LogEvent {
  event: string;
  project?: string;
  transferred?: number;
  changed?: number;
  error?: string;
  phase?: string;
}

async function events(user: User): Promise<LogEvent[]> {
  const text = await readFile(join(home(user), 'daemon', 'log.jsonl'), 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as LogEvent);
}

export interface Shared {
  /** From the call to the daemon having done it. */
  ms: number;
  /** Bytes that crossed the network: values sent to the hub, values received from it. */
  up: number;
  down: number;
  /** Entry files the daemon's pulls changed. */
  changed: number;
}

/**
 * Wait until the user's daemon has pushed what is waiting (`push`: the hub has it) or pulled
 * something new (`pull`: the team's change arrived), and report what moved since the last call.
 */
export async function share(user: User, project: string, what: 'push' | 'pull', timeoutMs = 120_000): Promise<Shared> {
  const daemon = daemons.get(user.name);
  if (!daemon) throw new DemoError(`${user.name} has no daemon running`);
  const t = performance.now();
  for (;;) {
    // The status first, then the log: a push that ends in between is in the log as well.
    const status = what === 'push' ? await daemonStatus(home(user)) : undefined;
    const all = await events(user);
    const mine = all.filter((e) => e.project === project);
    const fresh = all.slice(daemon.seen).filter((e) => e.project === project);
    const count = (list: LogEvent[], event: string) => list.filter((e) => e.event === event).length;
    let done: boolean;
    if (what === 'pull') done = fresh.some((e) => e.event === 'pulled' && (e.changed ?? 0) > 0);
    else {
      // Pushed, nothing waiting, and no push under way (every push-start has ended).
      const waiting = status?.projects.find((p) => p.name === project)?.pendingEntries ?? 1;
      const ended = count(mine, 'pushed') + mine.filter((e) => e.event === 'sync-failed' && e.phase === 'push').length;
      done = count(fresh, 'pushed') > 0 && waiting === 0 && count(mine, 'push-start') === ended;
    }
    if (done) {
      daemon.seen = all.length;
      const sum = (event: string, field: 'transferred' | 'changed') => fresh.filter((e) => e.event === event).reduce((n, e) => n + (e[field] ?? 0), 0);
      return { ms: performance.now() - t, up: sum('pushed', 'transferred'), down: sum('pulled', 'transferred'), changed: sum('pulled', 'changed') };
    }
    if (performance.now() - t > timeoutMs) {
      const failed = fresh.filter((e) => e.event === 'sync-failed').pop();
      throw new DemoError(`${user.name}'s daemon did not ${what} within ${timeoutMs / 1000} s${failed ? `: ${failed.error}` : ''}`);
    }
    await sleep(50);
  }
}

// The daemon: one per XETCACHE_HOME (instance lock), a control API on 127.0.0.1 at a port
// recorded in control.json, and a sync schedule for every project under
// $XETCACHE_HOME/projects that has a hub remote. Its state lives in the projects themselves
// (pending markers, commits ahead of origin/main), so a restart, even after SIGKILL, picks up
// exactly what was not pushed; values already on the hub are not sent again.

import { mkdir, readdir, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pullAll, pushAll, Runtime, xetcacheHome, type Env } from 'xetcache';
import { newControlToken, removeControl, writeControl } from './control-file.js';
import { createControlApp } from './control.js';
import { acquireInstanceLock } from './instance-lock.js';
import { createLogger, type Logger } from './log.js';
import { daemonPaths, projectsDir } from './paths.js';
import { hasLocalWork, pendingWork } from './pending.js';
import { selfIdentity } from './process-identity.js';
import { createProjectSync, type ProjectSync } from './project-sync.js';
import type { DaemonStatus, ProjectStatus } from './status.js';

export interface DaemonOptions {
  env: Env;
  /** Seconds between pulls (XETCACHE_SYNC_INTERVAL, default 10). */
  intervalSeconds?: number;
  /** How often to look for local work (ms). */
  pollMs?: number;
  /** Also print each log line (a daemon in the foreground). */
  echo?: (line: string) => void;
}

export interface Daemon {
  pid: number;
  port: number;
  /** Resolves once the daemon has stopped (by stop(), POST /stop, or a fatal error). */
  stopped: Promise<void>;
  stop(): Promise<void>;
}

interface Tracked {
  name: string;
  dir: string;
  sync: ProjectSync;
  running?: Promise<void>;
}

/** The interval from XETCACHE_SYNC_INTERVAL (seconds, > 0), or a clear error. */
export function syncIntervalSeconds(vars: Record<string, string | undefined>): number {
  const raw = vars.XETCACHE_SYNC_INTERVAL;
  if (raw === undefined || raw.trim() === '') return 10;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`XETCACHE_SYNC_INTERVAL must be a number of seconds above 0, not ${JSON.stringify(raw)}`);
  return value;
}

/** Project directories under $XETCACHE_HOME/projects/<owner>/<name> that are git repositories. */
export async function listProjects(home: string): Promise<Array<{ name: string; dir: string }>> {
  const out: Array<{ name: string; dir: string }> = [];
  const root = projectsDir(home);
  for (const owner of (await readdir(root).catch(() => [])).sort()) {
    for (const name of (await readdir(join(root, owner)).catch(() => [])).sort()) {
      // A clone in progress is made aside (`<name>.clone-…`) and moved in when complete.
      if (name.includes('.clone-')) continue;
      const dir = join(root, owner, name);
      if (await stat(join(dir, '.git', 'HEAD')).then(() => true, () => false)) out.push({ name: `${owner}/${name}`, dir });
    }
  }
  return out;
}

export async function startDaemon(options: DaemonOptions): Promise<Daemon> {
  const { env } = options;
  const home = xetcacheHome(env);
  const paths = daemonPaths(home);
  const intervalSeconds = options.intervalSeconds ?? syncIntervalSeconds(env.vars);
  const pollMs = options.pollMs ?? 1000;
  await mkdir(paths.dir, { recursive: true, mode: 0o700 });
  const lock = await acquireInstanceLock(paths.lock, { self: selfIdentity() });
  const log: Logger = createLogger({ file: paths.log, echo: options.echo });
  if (env.vars.XET_USER_TOKEN) log.addSecret(env.vars.XET_USER_TOKEN);

  // A request gives up after a few quick attempts (about 2 s): the schedule's own backoff takes
  // over from there, and status shows the error at once instead of after the client's 16–32 s.
  const runtime = new Runtime(env, { hubRetry: { maxAttempts: 4 } });
  const tracked = new Map<string, Tracked>();
  const startedAt = new Date().toISOString();
  let stopping = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let markStopped!: () => void;
  const stopped = new Promise<void>((r) => (markStopped = r));

  async function track(name: string, dir: string): Promise<Tracked | undefined> {
    const known = tracked.get(dir);
    if (known) return known;
    const remote = await runtime.remote(dir).catch((err: unknown) => {
      log.log('warn', 'project-skipped', { project: name, error: err });
      return undefined;
    });
    if (!remote) return undefined;
    const credentials = await runtime
      .auth()
      .resolveCredentials({ endpoint: new URL(remote.url).origin })
      .catch(() => undefined);
    if (credentials?.token) log.addSecret(credentials.token);
    const store = () => runtime.store(dir);
    const entry: Tracked = {
      name,
      dir,
      sync: createProjectSync({
        name,
        intervalMs: intervalSeconds * 1000,
        now: Date.now,
        random: Math.random,
        hasLocalWork: () => hasLocalWork(dir),
        pull: async () => pullAll(await store(), dir, remote, runtime.author(dir)),
        push: async () => pushAll(await store(), dir, remote, runtime.author(dir)),
        log: (level, event, fields) => log.log(level, event, fields),
      }),
    };
    tracked.set(dir, entry);
    log.log('info', 'project-tracked', { project: name, remote: remote.url });
    return entry;
  }

  async function round(): Promise<void> {
    for (const { name, dir } of await listProjects(home)) {
      if (stopping) return;
      const entry = await track(name, dir);
      if (!entry || entry.running) continue;
      // Projects sync side by side; one project's long push does not hold up another's pull.
      entry.running = entry.sync.tick().finally(() => (entry.running = undefined));
    }
  }

  const loop = async () => {
    timer = undefined;
    if (stopping) return;
    await round().catch((err: unknown) => log.log('error', 'round-failed', { error: err }));
    if (!stopping) timer = setTimeout(() => void loop(), pollMs);
  };

  async function status(): Promise<DaemonStatus> {
    const projects: ProjectStatus[] = [];
    for (const entry of tracked.values()) {
      const s = entry.sync.state();
      const pending = await pendingWork(entry.dir).catch(() => ({ entries: 0, bytes: 0 }));
      projects.push({ name: entry.name, dir: entry.dir, lastPush: s.lastPush, lastPull: s.lastPull, pendingEntries: pending.entries, pendingBytes: pending.bytes, lastError: s.lastError });
    }
    projects.sort((a, b) => a.name.localeCompare(b.name));
    return { running: true, pid: process.pid, port, startedAt, interval: intervalSeconds, projects };
  }

  const token = newControlToken();
  const app = createControlApp({
    token,
    status,
    syncNow: () => {
      for (const entry of tracked.values()) entry.sync.request();
      if (timer) {
        clearTimeout(timer);
        void loop();
      }
    },
    stop: () => void stop(),
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  }).catch(async (err: unknown) => {
    await lock.release();
    throw err;
  });
  const port = (server.address() as AddressInfo).port;

  let stopPromise: Promise<void> | undefined;
  function stop(): Promise<void> {
    stopPromise ??= (async () => {
      stopping = true;
      if (timer) clearTimeout(timer);
      log.log('info', 'stopping', {});
      await removeControl(paths.control, process.pid);
      // Let transfers in flight finish for a while; anything cut short is redone by the next daemon.
      const inFlight = [...tracked.values()].map((t) => t.running).filter(Boolean);
      await Promise.race([Promise.allSettled(inFlight), new Promise((r) => setTimeout(r, 15_000).unref())]);
      await runtime.flush().catch((err: unknown) => log.log('warn', 'flush-failed', { error: err }));
      await runtime.close().catch(() => {});
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await lock.release();
      log.log('info', 'stopped', {});
      markStopped();
    })();
    return stopPromise;
  }

  await writeControl(paths.control, { pid: process.pid, port, token, startedAt });
  log.log('info', 'started', { pid: process.pid, port, interval: intervalSeconds, home });
  void loop();
  return { pid: process.pid, port, stopped, stop };
}

// How the CLI drives the daemon: find it through control.json, ask its control API, start it as
// a detached process of its own and wait until it answers, stop it and wait until it is gone.

import { spawn } from 'node:child_process';
import { mkdir, open, readFile } from 'node:fs/promises';
import { readControl, type ControlInfo } from './control-file.js';
import { daemonPaths } from './paths.js';
import { isAlive } from './process-identity.js';
import { notRunning, type DaemonStatus } from './status.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function call(info: ControlInfo, method: 'GET' | 'POST', path: string, timeoutMs = 5000): Promise<unknown> {
  const res = await fetch(`http://127.0.0.1:${info.port}${path}`, {
    method,
    headers: { authorization: `Bearer ${info.token}` },
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = (await res.json().catch(() => ({}))) as { message?: string };
  if (!res.ok) throw new Error(`the daemon answered ${res.status}: ${body.message ?? 'no message'}`);
  return body;
}

/** The running daemon's status, or `running: false`. */
export async function daemonStatus(home: string): Promise<DaemonStatus> {
  const info = await readControl(daemonPaths(home).control);
  if (!info || !isAlive(info.pid)) return notRunning();
  try {
    return (await call(info, 'GET', '/status')) as DaemonStatus;
  } catch {
    // Alive but not answering (starting, stopping, or stuck): say so without project details.
    return { running: true, pid: info.pid, port: info.port, projects: [] };
  }
}

/** Ask the daemon to pull and push every project now. */
export async function daemonSyncNow(home: string): Promise<boolean> {
  const info = await readControl(daemonPaths(home).control);
  if (!info || !isAlive(info.pid)) return false;
  await call(info, 'POST', '/sync');
  return true;
}

export interface Launcher {
  /** The program and arguments that run the daemon in the foreground (`xetcache daemon run`). */
  command: string;
  args: string[];
  env: Record<string, string | undefined>;
  cwd: string;
}

export interface StartResult {
  pid: number;
  port: number;
  /** False when a daemon was running already. */
  started: boolean;
}

async function tail(path: string, lines = 5): Promise<string> {
  const text = await readFile(path, 'utf8').catch(() => '');
  return text.trim().split('\n').slice(-lines).join('\n');
}

/** Start the daemon unless one runs; resolves once it answers on its control port. */
export async function startDetached(home: string, launcher: Launcher, timeoutMs = 30_000): Promise<StartResult> {
  const running = await daemonStatus(home);
  if (running.running && running.pid && running.port) return { pid: running.pid, port: running.port, started: false };
  const paths = daemonPaths(home);
  await mkdir(paths.dir, { recursive: true, mode: 0o700 });
  const out = await open(paths.output, 'a', 0o600);
  const child = spawn(launcher.command, launcher.args, {
    cwd: launcher.cwd,
    env: launcher.env as NodeJS.ProcessEnv,
    detached: true,
    stdio: ['ignore', out.fd, out.fd],
  });
  await out.close();
  let exit: number | null | undefined;
  child.once('exit', (code, signal) => (exit = code ?? (signal ? 1 : 0)));
  child.once('error', () => (exit = 1));
  child.unref();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exit !== undefined) {
      const why = await tail(paths.output);
      // Another start won the race: that daemon is the one.
      const other = await daemonStatus(home);
      if (other.running && other.pid && other.port) return { pid: other.pid, port: other.port, started: false };
      throw new Error(`the daemon exited during start (code ${exit})${why ? `: ${why.split('\n').pop()}` : ''}; see ${paths.output}`);
    }
    const info = await readControl(paths.control);
    if (info && info.pid === child.pid) {
      try {
        await call(info, 'GET', '/status', 2000);
        return { pid: info.pid, port: info.port, started: true };
      } catch {
        // Not answering yet.
      }
    }
    await sleep(50);
  }
  if (child.pid) process.kill(child.pid, 'SIGTERM');
  throw new Error(`the daemon did not answer within ${Math.round(timeoutMs / 1000)} s; see ${paths.output}`);
}

/** Stop the running daemon; resolves once its process is gone. False when none was running. */
export async function stopDaemon(home: string, timeoutMs = 30_000): Promise<{ stopped: boolean; pid: number | null }> {
  const info = await readControl(daemonPaths(home).control);
  if (!info || !isAlive(info.pid)) return { stopped: false, pid: null };
  try {
    await call(info, 'POST', '/stop');
  } catch {
    // Not answering: the signal does the same.
    process.kill(info.pid, 'SIGTERM');
  }
  const deadline = Date.now() + timeoutMs;
  while (isAlive(info.pid)) {
    if (Date.now() > deadline) throw new Error(`the daemon (pid ${info.pid}) did not stop within ${Math.round(timeoutMs / 1000)} s`);
    await sleep(50);
  }
  return { stopped: true, pid: info.pid };
}

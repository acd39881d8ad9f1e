// Every process the demo starts (the hub, each `xetcache` command, each user's script) goes
// through here, so that a failure or Ctrl-C can stop whatever is still running.

import { spawn, type ChildProcess } from 'node:child_process';
import { redact } from './secrets.js';

const tsx = import.meta.resolve('tsx');
const parentGuard = import.meta.resolve('./parent-guard.ts');
const live = new Set<ChildProcess>();
let stopping = false;

export class DemoError extends Error {}

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface Started {
  child: ChildProcess;
  /** stdout and stderr so far, interleaved. */
  output(): string;
  exited: Promise<number | null>;
}

interface SpawnOptions {
  env: Record<string, string>;
  cwd: string;
  /** Stop the process when the demo's own process ends, however it ends (for long-running ones). */
  dieWithDemo?: boolean;
}

function spawnTs(file: string, args: string[], options: SpawnOptions): ChildProcess {
  refuseWhenStopping();
  const guard = options.dieWithDemo ? ['--import', parentGuard] : [];
  const child = spawn(process.execPath, ['--conditions=source', '--import', tsx, ...guard, file, ...args], {
    env: options.env,
    cwd: options.cwd,
    stdio: [options.dieWithDemo ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  child.once('close', () => live.delete(child));
  return child;
}

/** Start a TypeScript file of this repository as its own Node process. */
export function startTs(file: string, args: string[], options: SpawnOptions): Started {
  const child = spawnTs(file, args, options);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => {
    child.once('error', () => resolve(null));
    child.once('exit', (code) => resolve(code));
  });
  return { child, output: () => out, exited };
}

/** Run a TypeScript file to its end: exit code, output, wall time (Node's start included). */
export async function runTs(file: string, args: string[], options: SpawnOptions): Promise<Finished> {
  const t = performance.now();
  const child = spawnTs(file, args, options);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (c) => resolve(c));
  });
  return { code, stdout, stderr, ms: performance.now() - t };
}

// Once stopping has begun, a step still under way must not start anything new.
function refuseWhenStopping(): void {
  if (stopping) throw new DemoError('stopping: no new processes');
}

/** The last lines of a process's output, tokens removed, for an error message. */
export function tail(text: string, lines = 12): string {
  return redact(text.trimEnd().split('\n').slice(-lines).join('\n'));
}

/** SIGTERM to every process still running, then SIGKILL to any still there after a few seconds. */
export async function stopAll(): Promise<void> {
  stopping = true;
  const waits = [...live].map(
    (child) =>
      new Promise<void>((resolve) => {
        if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return resolve();
        const force = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  );
  await Promise.all(waits);
}

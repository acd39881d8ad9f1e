// The `xetcache` command as a user runs it: a process of its own, from the CLI's source.

import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot, tsx } from './hub-process.js';

const cliBin = join(repoRoot, 'apps', 'cli', 'src', 'bin.ts');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function xetcache(args: string[], options: { env: Record<string, string>; cwd: string }): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--conditions=source', '--import', tsx, cliBin, ...args], { env: options.env, cwd: options.cwd, encoding: 'utf8', maxBuffer: 16 << 20 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** A long-running `xetcache …` (serve): its output so far, and its exit. */
export function xetcacheProcess(args: string[], options: { env: Record<string, string>; cwd: string }): { child: ChildProcess; output(): string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--conditions=source', '--import', tsx, cliBin, ...args], { env: options.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

/** Resolves with the first match of `pattern` in the process's output. */
export function waitForOutput(p: { child: ChildProcess; output(): string; exited: Promise<number | null> }, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const m = pattern.exec(p.output());
      if (m) {
        p.child.stdout!.off('data', check);
        resolve(m);
      }
    };
    p.child.stdout!.on('data', check);
    check();
    void p.exited.then((code) => reject(new Error(`exited (${code}) before printing ${pattern}:\n${p.output()}`)));
  });
}

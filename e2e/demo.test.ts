// `npm run demo` end to end, on 8 MiB values: it exits 0 and its output tells the story (bob's
// call a hit he did not compute, moving less than the project; the 1% edit moving under 10%; the
// deletion reaching alice), prints no token and leaves no temp directory. A bad size is a usage
// error, SIGINT stops the hub and removes everything, and a demo killed outright takes its hub
// down with it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
// The demo belongs to no workspace: these type-only imports (erased when the test runs) have
// the e2e typecheck check its files too.
import type {} from '../scripts/demo.js';
import type {} from '../scripts/demo/user.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsx = import.meta.resolve('tsx');

interface Demo {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function runDemo(env: Record<string, string>, args: string[] = [], onStdout?: (all: string, pid: number) => void): Promise<Demo> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=source', '--import', tsx, 'scripts/demo.ts', ...args], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? repoRoot, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      onStdout?.(stdout, child.pid!);
    });
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

const UNITS: Record<string, number> = { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 };
const toBytes = (n: string, unit: string) => Number(n) * UNITS[unit]!;

function match(text: string, pattern: RegExp): RegExpExecArray {
  const m = pattern.exec(text);
  assert.ok(m, `no line matching ${pattern} in:\n${text}`);
  return m;
}

test('npm run demo tells the team story with real processes, and exits 0', async () => {
  const r = await runDemo({ XETCACHE_DEMO_SIZE: '8MiB' });
  assert.equal(r.code, 0, `the demo failed:\n${r.stderr}\n${r.stdout}`);
  const out = r.stdout;

  // Alice computed twice; bob's same call is a hit that did not run the function in his process.
  assert.match(out, /^\s+alice\s+train\(1\)\s+miss\b/m);
  assert.match(out, /^\s+alice\s+train\(2\)\s+miss\b/m);
  const bobLine = match(out, /^\s+bob\s+train\(2\)\s+(\S+).*$/m);
  assert.equal(bobLine[1], 'hit');
  assert.match(bobLine[0], /bob did not compute/);
  assert.match(out, /^\s+bob\s+xetcache clone --lazy alice\/lab\s+cloned\s+[\d,]+\s+0 B\s+0 B/m);

  // The lazy hit moved about that value, less than the whole project.
  const lazy = match(out, /bob's train\(2\): a hit, not computed by bob; ([\d.]+) (B|KiB|MiB|GiB) moved of a ([\d.]+) (B|KiB|MiB|GiB) project/);
  const moved = toBytes(lazy[1]!, lazy[2]!);
  const project = toBytes(lazy[3]!, lazy[4]!);
  assert.ok(moved > 0 && moved < project, `bob's lazy hit moved ${moved} bytes of a ${project}-byte project`);
  assert.ok(moved >= 8 * 1024 ** 2 * 0.99, `bob's lazy hit moved ${moved} bytes for an 8 MiB value`);

  // The 1% edit moved a few percent, up from alice and down to bob.
  const edit = match(out, /alice's 1% edit of a 8\.0 MiB value: .* up \(([\d.]+)%\), .* down to bob \(([\d.]+)%\)/);
  assert.ok(Number(edit[1]) > 0 && Number(edit[1]) < 10, `the edit sent ${edit[1]}% of the value`);
  assert.ok(Number(edit[2]) > 0 && Number(edit[2]) < 10, `bob received ${edit[2]}% of the value`);
  assert.match(out, /^\s+bob\s+finetune\(2\)\s+hit\b/m);

  // Dedup figures and the deletion.
  const dedup = match(out, /dedup ratio: alice ([\d.]+)x, bob ([\d.]+)x, hub ([\d.]+)x/);
  for (const ratio of dedup.slice(1)) assert.ok(Number(ratio) > 1.3, `dedup ratio ${ratio}`);
  assert.match(out, /^\s+alice\s+xetcache ls\s+gone\b/m);
  assert.match(out, /bob's deletion of train\(1\) reached alice: yes/);
  // Sharing is the daemons' work: they pushed and pulled, nobody did by hand.
  assert.match(out, /^\s+alice\s+xetcache daemon run \(the sync daemon\)\s+ready\b/m);
  assert.match(out, /^\s+bob\s+xetcache daemon run \(the sync daemon\)\s+ready\b/m);
  assert.match(out, /^\s+alice\s+alice's daemon pushes\s+pushed\b/m);
  assert.match(out, /^\s+alice\s+alice's daemon pulls\s+pulled\b/m);
  assert.doesNotMatch(out, /xetcache (sync|push|pull)\b/);

  assert.doesNotMatch(`${out}${r.stderr}`, /xct_\w{6,}/, 'no token in the output');
  const root = match(out, /everything lives in (\S+),/)[1]!;
  assert.equal(existsSync(root), false, `${root} was removed`);
});

test('a size the demo cannot use is a usage error (exit 2) with a clear message', async () => {
  const bad = await runDemo({ XETCACHE_DEMO_SIZE: 'lots' });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^demo: the demo's size "lots" is not a size such as 16MiB/m);
  const small = await runDemo({}, ['--size', '1MiB']);
  assert.equal(small.code, 2);
  assert.match(small.stderr, /between 4 MiB and 1 GiB/);
});

test('SIGINT stops the hub and the users, removes the temp directory, and exits 130', async () => {
  let sent = false;
  const r = await runDemo({ XETCACHE_DEMO_SIZE: '8MiB' }, [], (all, pid) => {
    // Once the hub is up and alice has logged in, interrupt the demo process alone (not its
    // group, as a terminal would): it must stop its children itself.
    if (!sent && /alice\s+xetcache login/.test(all)) {
      sent = true;
      process.kill(pid, 'SIGINT');
    }
  });
  assert.ok(sent, `the demo never got to alice's login:\n${r.stdout}\n${r.stderr}`);
  assert.equal(r.code, 130, r.stderr);
  assert.match(r.stderr, /SIGINT: stopping the hub/);
  const root = match(r.stdout, /everything lives in (\S+),/)[1]!;
  assert.equal(existsSync(root), false, `${root} was removed`);
  const hubUrl = match(r.stdout, /(http:\/\/127\.0\.0\.1:\d+)/)[1]!;
  await assert.rejects(fetch(`${hubUrl}/healthz`), 'the hub is no longer listening');
});

test('a demo killed with SIGKILL takes its hub down with it', { timeout: 120_000 }, async () => {
  let hubUrl: string | undefined;
  const r = await runDemo({ XETCACHE_DEMO_SIZE: '8MiB' }, [], (all, pid) => {
    const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(all);
    if (!hubUrl && m) {
      hubUrl = m[1]!;
      process.kill(pid, 'SIGKILL');
    }
  });
  assert.equal(r.signal, 'SIGKILL');
  assert.ok(hubUrl, `the demo never printed its hub:\n${r.stdout}\n${r.stderr}`);
  // Nothing could remove the temp directory of a process killed outright; the test does.
  await rm(match(r.stdout, /everything lives in (\S+),/)[1]!, { recursive: true, force: true });
  // The hub stops once the demo's end of its stdin closes (the test's timeout bounds the wait).
  for (;;) {
    const up = await fetch(`${hubUrl}/healthz`).then(() => true, () => false);
    if (!up) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
});

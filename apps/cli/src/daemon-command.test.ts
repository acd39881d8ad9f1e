// `xetcache daemon …` as a user runs it: a subprocess with a temp HOME and XETCACHE_HOME. The
// team story with a hub is in e2e/daemon-story.test.ts.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = join(dirname(fileURLToPath(import.meta.url)), 'bin.ts');
const tsx = import.meta.resolve('tsx');
const home = await mkdtemp(join(tmpdir(), 'xetcache-cli-daemon-'));
after(() => rm(home, { recursive: true, force: true }));

function xetcache(args: string[], extra: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { PATH: process.env.PATH, HOME: home, XETCACHE_HOME: join(home, 'cache'), ...extra };
  return new Promise((resolve) => {
    execFile(process.execPath, ['--conditions=source', '--import', tsx, bin, ...args], { env, cwd: home, encoding: 'utf8' }, (err, stdout, stderr) =>
      resolve({ code: err ? (err.code as number) : 0, stdout, stderr }),
    );
  });
}

test('status of a daemon that is not running, and usage errors', async () => {
  const status = await xetcache(['daemon', 'status', '--json']);
  assert.equal(status.code, 0, status.stderr);
  assert.deepEqual(JSON.parse(status.stdout), { running: false, pid: null, port: null, projects: [] });
  assert.equal((await xetcache(['daemon'])).code, 2);
  assert.equal((await xetcache(['daemon', 'restart'])).code, 2);
  const stop = await xetcache(['daemon', 'stop']);
  assert.equal(stop.code, 0);
  assert.match(stop.stdout, /not running/);
});

test('a daemon that cannot start says why, in one line', async () => {
  const r = await xetcache(['daemon', 'start'], { XETCACHE_SYNC_INTERVAL: 'soon' });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^xetcache: the daemon exited during start .*XETCACHE_SYNC_INTERVAL must be/);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.equal(JSON.parse((await xetcache(['daemon', 'status', '--json'])).stdout).running, false);
});

test('start, status, stop without a hub: the daemon runs with no project to sync', async () => {
  const started = await xetcache(['daemon', 'start', '--json']);
  assert.equal(started.code, 0, started.stderr);
  const { pid } = JSON.parse(started.stdout);
  try {
    const status = JSON.parse((await xetcache(['daemon', 'status', '--json'])).stdout);
    assert.equal(status.running, true);
    assert.equal(status.pid, pid);
    assert.deepEqual(status.projects, []);
    assert.match((await xetcache(['daemon', 'status'])).stdout, /running \(pid \d+/);
  } finally {
    const stopped = await xetcache(['daemon', 'stop', '--json']);
    assert.equal(stopped.code, 0, stopped.stderr);
    assert.equal(JSON.parse(stopped.stdout).stopped, true);
  }
  assert.throws(() => process.kill(pid, 0), 'the daemon process is gone');
});

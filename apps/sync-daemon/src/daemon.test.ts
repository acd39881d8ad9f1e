import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'node:test';
import type { Env } from 'xetcache';
import { daemonStatus, stopDaemon } from './client.js';
import { readControl } from './control-file.js';
import { startDaemon, syncIntervalSeconds } from './daemon.js';
import { DaemonRunningError } from './instance-lock.js';
import { daemonPaths } from './paths.js';

async function tempEnv(vars: Record<string, string> = {}): Promise<Env> {
  const root = await mkdtemp(join(tmpdir(), 'xetcache-daemon-'));
  return { vars: { XETCACHE_HOME: join(root, 'home'), ...vars }, homedir: root, cwd: root, user: 'tester', host: 'box', pid: process.pid };
}

function raw(port: number, path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('the control API answers its token only, on a loopback Host only; one daemon per home; stop cleans up', async () => {
  const env = await tempEnv();
  const home = env.vars.XETCACHE_HOME!;
  const daemon = await startDaemon({ env, pollMs: 50 });
  try {
    const paths = daemonPaths(home);
    const info = (await readControl(paths.control))!;
    assert.equal(info.port, daemon.port);
    assert.equal((await stat(paths.control)).mode & 0o777, 0o600);

    const status = await daemonStatus(home);
    assert.equal(status.running, true);
    assert.equal(status.pid, process.pid);
    assert.deepEqual(status.projects, []);

    assert.equal((await raw(daemon.port, '/status', {})).status, 401);
    assert.equal((await raw(daemon.port, '/status', { authorization: 'Bearer wrong' })).status, 401);
    assert.equal((await raw(daemon.port, '/status', { authorization: `Bearer ${info.token}`, host: 'evil.example:80' })).status, 403);
    const good = await raw(daemon.port, '/status', { authorization: `Bearer ${info.token}` });
    assert.equal(good.status, 200);
    assert.equal(JSON.parse(good.body).port, daemon.port);

    await assert.rejects(startDaemon({ env }), DaemonRunningError);
  } finally {
    await daemon.stop();
  }
  await daemon.stopped;
  const paths = daemonPaths(home);
  await assert.rejects(stat(paths.control), 'control.json removed');
  await assert.rejects(stat(paths.lock), 'lock released');
  assert.equal((await daemonStatus(home)).running, false);
  assert.deepEqual(await stopDaemon(home), { stopped: false, pid: null });
  const events = (await readFile(paths.log, 'utf8')).trim().split('\n').map((l) => JSON.parse(l).event);
  assert.deepEqual([events[0], events.at(-1)], ['started', 'stopped']);
  await rm(env.cwd, { recursive: true, force: true });
});

test('XETCACHE_SYNC_INTERVAL is seconds above 0; anything else is a clear error', () => {
  assert.equal(syncIntervalSeconds({}), 10);
  assert.equal(syncIntervalSeconds({ XETCACHE_SYNC_INTERVAL: '2.5' }), 2.5);
  for (const bad of ['0', '-1', 'soon', 'Infinity']) assert.throws(() => syncIntervalSeconds({ XETCACHE_SYNC_INTERVAL: bad }), /XETCACHE_SYNC_INTERVAL must be/);
});

// The team story in real processes, with no explicit push or pull: a hub; users alice (logged in
// with the CLI) and bob (XET_* variables); both run sync daemons. Alice's memoized result reaches
// bob, who lazily cloned the project and gets it without computing; a deletion by bob reaches
// alice; alice's daemon killed with SIGKILL in the middle of a push restarts and completes it;
// no token is ever written to a daemon's log.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHubProcess, repoRoot, tsx, type HubProcess } from './support/hub-process.js';
import { xetcache, type CliResult } from './support/cli-process.js';
import { writeRandomFile } from './support/files.js';
import { eventually } from './support/eventually.js';

let hub: HubProcess;
let root: string;
type UserEnv = Record<string, string> & { HOME: string; XETCACHE_HOME: string };
let alice: UserEnv;
let bob: UserEnv;
const secrets: string[] = [];
const PROJECT = 'alice/shared';

async function ok(args: string[], env: Record<string, string>): Promise<CliResult> {
  const r = await xetcache(args, { env, cwd: root });
  assert.equal(r.code, 0, `xetcache ${args.join(' ')}: ${r.stderr}`);
  return r;
}


/** Poll until `check` holds; the test's timeout bounds the wait. */

async function keys(env: Record<string, string>): Promise<string[]> {
  const r = await ok(['ls', '--project', PROJECT, '--json'], env);
  return (JSON.parse(r.stdout) as Array<{ key: string }>).map((e) => e.key);
}

function memoUser(env: Record<string, string>, size: number): Promise<{ computed: boolean; ms: number; length: number; sha256: string }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--conditions=source', '--import', tsx, join(repoRoot, 'e2e', 'support', 'memo-user.ts'), PROJECT, String(size)], { env, cwd: root, encoding: 'utf8' }, (err, stdout, stderr) =>
      err ? reject(new Error(`memo-user failed: ${stderr}`)) : resolve(JSON.parse(stdout)),
    );
  });
}

function gitLog(dir: string): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile('git', ['log', '--format=%an <%ae> %s'], { cwd: dir, encoding: 'utf8' }, (err, stdout) => (err ? reject(err) : resolve(stdout))),
  );
}

async function status(env: Record<string, string>) {
  return JSON.parse((await ok(['daemon', 'status', '--json'], env)).stdout);
}

before(async () => {
  hub = await startHubProcess();
  root = await mkdtemp(join(tmpdir(), 'xetcache-e2e-daemon-'));
  const admin = { PATH: process.env.PATH ?? '', HOME: join(root, 'admin'), XET_ENDPOINT: hub.url, XET_USER_NAME: 'admin', XET_USER_TOKEN: hub.adminToken };
  await mkdir(admin.HOME, { recursive: true });
  const aliceToken = (await ok(['hub', 'user', 'add', 'alice', '--email', 'alice@example.com'], admin)).stdout.trim();
  await ok(['hub', 'user', 'add', 'bob'], admin);
  secrets.push(hub.adminToken, aliceToken);

  alice = { PATH: process.env.PATH ?? '', HOME: join(root, 'alice-home'), XETCACHE_HOME: join(root, 'alice'), XETCACHE_SYNC_INTERVAL: '1', XETCACHE_KEYCHAIN: 'off' };
  await mkdir(alice.HOME, { recursive: true });
  await ok(['login', '-u', 'alice', '-p', aliceToken, '--endpoint', hub.url], alice);
  await ok(['project', 'create', PROJECT], alice);

  const bobToken = (await ok(['hub', 'token', 'create', '--user', 'bob', '--project', PROJECT, '--scope', 'write'], admin)).stdout.trim();
  secrets.push(bobToken);
  bob = { PATH: process.env.PATH ?? '', HOME: join(root, 'bob-home'), XETCACHE_HOME: join(root, 'bob'), XETCACHE_SYNC_INTERVAL: '1', XET_ENDPOINT: hub.url, XET_USER_NAME: 'bob', XET_USER_TOKEN: bobToken };
  await mkdir(bob.HOME, { recursive: true });
});

after(async () => {
  for (const env of [alice, bob]) if (env) await xetcache(['daemon', 'stop'], { env, cwd: root });
  await hub?.stop();
  await rm(hub.root, { recursive: true, force: true });
  await rm(root, { recursive: true, force: true });
});

test('daemons carry a memoized result from alice to bob, a deletion back, and finish a push cut by SIGKILL', { timeout: 240_000 }, async (t) => {
  // Bob clones lazily: history and pointers only.
  const cloned = JSON.parse((await ok(['clone', '--lazy', PROJECT, '--json'], bob)).stdout);
  assert.equal(cloned.transferred, 0);

  for (const env of [alice, bob]) {
    const started = JSON.parse((await ok(['daemon', 'start', '--json'], env)).stdout);
    assert.equal(started.started, true);
    assert.equal(typeof started.pid, 'number');
    const again = JSON.parse((await ok(['daemon', 'start', '--json'], env)).stdout);
    assert.equal(again.started, false, 'one daemon per XETCACHE_HOME');
    assert.equal(again.pid, started.pid);
    assert.equal((await stat(join(env.XETCACHE_HOME, 'daemon', 'control.json'))).mode & 0o777, 0o600);
  }

  // Alice's slow function runs once; nobody pushes.
  const SIZE = 6 * 1024 * 1024;
  const first = await memoUser(alice, SIZE);
  assert.equal(first.computed, true);
  assert.equal(first.length, SIZE);
  await eventually(async () => (await keys(bob)).length === 1);

  // Bob calls the same function: alice's value, not computed.
  const second = await memoUser(bob, SIZE);
  assert.equal(second.computed, false, 'bob got the value without computing');
  assert.equal(second.sha256, first.sha256);

  const aliceStatus = await eventually(async () => {
    const s = await status(alice);
    return s.projects[0]?.lastPush && s.projects[0].pendingEntries === 0 ? s : undefined;
  });
  assert.equal(aliceStatus.running, true);
  assert.equal(typeof aliceStatus.pid, 'number');
  assert.equal(typeof aliceStatus.port, 'number');
  assert.equal(aliceStatus.projects[0].name, PROJECT);
  assert.equal(aliceStatus.projects[0].pendingBytes, 0);
  assert.equal(aliceStatus.projects[0].lastError, null);
  assert.ok(aliceStatus.projects[0].lastPull);

  // A deletion on bob's side reaches alice.
  const notes = join(root, 'notes.bin');
  await writeRandomFile(notes, 64 * 1024);
  await ok(['put', 'notes', notes, '--project', PROJECT], alice);
  await eventually(async () => (await keys(bob)).includes('notes'));
  await ok(['rm', 'notes', '--yes', '--project', PROJECT], bob);
  await eventually(async () => !(await keys(alice)).includes('notes'));

  // Commits are signed by the hub accounts in force, not the machine's user.
  const authors = await gitLog(join(alice.XETCACHE_HOME, 'projects', 'alice', 'shared'));
  assert.match(authors, /^alice <alice@example\.com> xetcache: put/m, 'alice logged in with the CLI: her account and the email the hub gave');
  assert.match(authors, /^bob <bob@127\.0\.0\.1> xetcache: delete/m, 'bob uses XET_* variables without an email');

  // Alice's daemon is killed in the middle of pushing a large value; a new one finishes the job.
  const big = join(root, 'big.bin');
  await writeRandomFile(big, 96 * 1024 * 1024);
  const log = join(alice.XETCACHE_HOME, 'daemon', 'log.jsonl');
  const pushesBefore = (await readFile(log, 'utf8')).split('\n').filter((l) => l.includes('"push-start"')).length;
  const victim = (await status(alice)).pid as number;
  await ok(['put', 'big', big, '--project', PROJECT], alice);
  const atKill = await eventually(async () => {
    const lines = (await readFile(log, 'utf8')).split('\n');
    return lines.filter((l) => l.includes('"push-start"')).length > pushesBefore ? lines : undefined;
  }, 10);
  process.kill(victim, 'SIGKILL');
  t.diagnostic(`killed ${atKill.at(-2)?.includes('"push-start"') ? 'during' : 'after'} the push`);
  await eventually(async () => !(await status(alice)).running);
  const restarted = JSON.parse((await ok(['daemon', 'start', '--json'], alice)).stdout);
  assert.equal(restarted.started, true, 'the stale lock of the killed daemon is taken over');
  assert.notEqual(restarted.pid, victim);
  await eventually(async () => (await keys(bob)).includes('big'));
  const out = join(root, 'bob-big.bin');
  await ok(['get', 'big', '-o', out, '--project', PROJECT], bob);
  assert.ok((await readFile(out)).equals(await readFile(big)), 'bob reads the value alice’s second daemon pushed');

  // Stop both; nothing secret in any daemon file.
  for (const env of [alice, bob]) {
    const stopped = JSON.parse((await ok(['daemon', 'stop', '--json'], env)).stdout);
    assert.equal(stopped.stopped, true);
    assert.equal((await status(env)).running, false);
    for (const file of ['log.jsonl', 'output.log']) {
      const text = await readFile(join(env.XETCACHE_HOME, 'daemon', file), 'utf8').catch(() => '');
      for (const secret of secrets) assert.ok(!text.includes(secret), `no token in ${file}`);
    }
  }
  const events = (await readFile(log, 'utf8')).trim().split('\n').map((l) => JSON.parse(l).event);
  assert.ok(events.includes('started') && events.includes('pushed') && events.includes('stopped'));
});

// The project commands as a user runs them: a real subprocess with a temp HOME and
// XETCACHE_HOME, and stock git and git-lfs reading the project it leaves behind.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';

const here = dirname(fileURLToPath(import.meta.url));
const bin = join(here, 'bin.ts');
// Resolved here: the commands run with the temp home as their working directory.
const tsx = import.meta.resolve('tsx');
const home = await mkdtemp(join(tmpdir(), 'xetcache-cli-project-'));
after(() => rm(home, { recursive: true, force: true }));
const cacheHome = join(home, 'cache');
const env = { PATH: process.env.PATH, HOME: home, XETCACHE_HOME: cacheHome };

function xetcache(args: string[], extra: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--conditions=source', '--import', tsx, bin, ...args],
      { env: { ...env, ...extra }, cwd: home, maxBuffer: 64 << 20, encoding: 'utf8' },
      (err, stdout, stderr) => resolve({ code: err ? (err.code as number) : 0, stdout, stderr }),
    );
  });
}

const git = (dir: string, ...args: string[]) => execFileSync('git', args, { cwd: dir, env, encoding: 'utf8' });
const projectDir = (name: string) => join(cacheHome, 'projects', name);

test('put, ls, show, get: a file round-trips and stock git and git-lfs read the project', async () => {
  const bytes = randomBytes(400_000);
  await writeFile(join(home, 'in.bin'), bytes);
  const put = await xetcache(['put', 'model/weights v1', 'in.bin', '--project', 'team/one', '--json']);
  assert.equal(put.code, 0, put.stderr);
  const meta = JSON.parse(put.stdout);
  assert.equal(meta.size, 400_000);

  const ls = await xetcache(['ls', '--json', '--project', 'team/one']);
  assert.equal(ls.code, 0, ls.stderr);
  const list = JSON.parse(ls.stdout);
  assert.deepEqual(Object.keys(list[0]).sort(), ['createdAt', 'expiresAt', 'key', 'oid', 'serializer', 'size']);
  assert.equal(list[0].key, 'model/weights v1');

  const show = await xetcache(['show', 'model/weights v1', '--json', '--project', 'team/one']);
  const shown = JSON.parse(show.stdout);
  for (const field of ['key', 'serializer', 'size', 'oid', 'xetHash', 'createdAt', 'expiresAt', 'producer', 'computeMs', 'metadata']) {
    assert.ok(field in shown, `show --json has ${field}`);
  }

  const get = await xetcache(['get', 'model/weights v1', '-o', 'out.bin', '--project', 'team/one']);
  assert.equal(get.code, 0, get.stderr);
  assert.deepEqual(await readFile(join(home, 'out.bin')), bytes);

  const dir = projectDir('team/one');
  assert.equal(git(dir, 'status', '--porcelain'), '', 'the working tree is committed');
  assert.match(git(dir, 'log', '--format=%s'), /^xetcache: put 1\nxetcache: new cache project\n$/);
  assert.match(git(dir, 'lfs', 'ls-files', '--long'), new RegExp(`^${meta.oid.slice(7)} - entries/[0-9a-f]{2}/[0-9a-f]{62}/value\\n$`));
  assert.equal(git(dir, 'fsck', '--no-progress'), '');
  const valuePath = git(dir, 'lfs', 'ls-files', '--name-only').trim();
  execFileSync('git', ['lfs', 'pointer', '--check', '--strict', '--file', join(dir, valuePath)], { env });
});

test('rm is a dry run unless --yes; a missing key exits 1 with one line', async () => {
  await writeFile(join(home, 'small.txt'), 'hello');
  assert.equal((await xetcache(['put', 'a', 'small.txt'])).code, 0);
  const dry = await xetcache(['rm', 'a']);
  assert.equal(dry.code, 0);
  assert.match(dry.stdout, /would remove a/);
  assert.equal((await xetcache(['get', 'a'])).stdout, 'hello');
  const yes = await xetcache(['rm', 'a', '--yes']);
  assert.match(yes.stdout, /removed a/);
  const gone = await xetcache(['get', 'a']);
  assert.equal(gone.code, 1);
  assert.match(gone.stderr, /^xetcache: no entry "a" in this project; .*\n$/);
  const show = await xetcache(['show', 'nope']);
  assert.equal(show.code, 1);
  assert.equal(show.stderr.split('\n').length, 2);
});

test('usage errors exit 2', async () => {
  for (const args of [['put', 'only-key'], ['get'], ['ls', 'extra'], ['export', 'k'], ['gc', '--bogus']]) {
    const r = await xetcache(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /^xetcache: /);
  }
  const bad = await xetcache(['put', 'k', 'small.txt', '--ttl', 'soon']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /ttl "soon" is not a duration/);
});

test('stats count dedup; export and import move entries to another project', async () => {
  const bytes = randomBytes(300_000);
  await writeFile(join(home, 'dup.bin'), bytes);
  const p = ['--project', 'team/stats'];
  assert.equal((await xetcache(['put', 'x', 'dup.bin', ...p])).code, 0);
  assert.equal((await xetcache(['put', 'y', 'dup.bin', ...p])).code, 0);
  await xetcache(['get', 'x', '-o', 'x.out', ...p]);
  const stats = JSON.parse((await xetcache(['stats', '--json', ...p])).stdout);
  assert.equal(stats.entries, 2);
  assert.equal(stats.logicalBytes, 600_000);
  assert.equal(stats.storedBytes, 300_000);
  assert.equal(stats.hits, 1);

  const ex = await xetcache(['export', 'x', 'y', '-o', 'bundle.tar', ...p]);
  assert.equal(ex.code, 0, ex.stderr);
  // Another machine: a fresh XETCACHE_HOME.
  const other = { XETCACHE_HOME: join(home, 'other-machine') };
  const im = await xetcache(['import', 'bundle.tar', '--json'], other);
  assert.equal(im.code, 0, im.stderr);
  assert.deepEqual(JSON.parse(im.stdout).keys.sort(), ['x', 'y']);
  const back = await xetcache(['get', 'y', '-o', 'y.out'], other);
  assert.equal(back.code, 0, back.stderr);
  assert.deepEqual(await readFile(join(home, 'y.out')), bytes);
  const verify = await xetcache(['verify', '--json'], other);
  assert.equal(verify.code, 0, verify.stdout);

  await writeFile(join(home, 'junk.tar'), randomBytes(4096));
  const junk = await xetcache(['import', 'junk.tar'], other);
  assert.equal(junk.code, 1);
  assert.match(junk.stderr, /^xetcache: not a (readable )?xetcache bundle/);
});

test('verify reports damage with exit 1 and --repair fixes it; gc honours --max-size', async () => {
  const p = ['--project', 'team/damage'];
  await writeFile(join(home, 'v.txt'), 'value');
  await xetcache(['put', 'k', 'v.txt', ...p]);
  await xetcache(['put', 'k2', 'dup.bin', ...p]);
  const dir = projectDir('team/damage');
  const [a] = await readdir(join(dir, 'entries'));
  const [b] = await readdir(join(dir, 'entries', a!));
  await writeFile(join(dir, 'entries', a!, b!, 'value'), 'not a pointer');
  const bad = await xetcache(['verify', ...p]);
  assert.equal(bad.code, 1);
  assert.match(bad.stdout, /pointer file does not match/);
  assert.equal((await xetcache(['verify', '--repair', ...p])).code, 0);
  assert.equal((await xetcache(['verify', ...p])).code, 0);
  assert.equal(git(dir, 'status', '--porcelain'), '');

  // k was used last, so the size cap evicts k2 (least recently used) alone.
  await xetcache(['get', 'k', ...p]);
  const dry = await xetcache(['gc', '--max-size', '100KB', '--dry-run', '--json', ...p]);
  assert.deepEqual(JSON.parse(dry.stdout).removed.map((r: { key: string }) => r.key), ['k2']);
  const gc = JSON.parse((await xetcache(['gc', '--max-size', '100KB', '--json', ...p])).stdout);
  assert.equal(gc.keptEntries, 1);
  assert.deepEqual(JSON.parse((await xetcache(['ls', '--json', ...p])).stdout).map((e: { key: string }) => e.key), ['k']);
});

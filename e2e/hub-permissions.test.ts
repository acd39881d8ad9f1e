// Credentials and rights with stock clients: a wrong token fails at once (403, no credential
// loop), a read token clones but cannot push (neither git objects nor LFS objects), and file
// locks with unlock --force for project admins only.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { addUser, api, createProject, grant, startHubProcess, stats, type HubProcess } from './support/hub-process.js';
import { gitUser, type GitUser } from './support/git-user.js';

let hub: HubProcess;
let aliceToken: string;
let alice: GitUser;
const homes: GitUser[] = [];

before(async () => {
  hub = await startHubProcess();
  aliceToken = await addUser(hub, 'alice');
  await createProject(hub, aliceToken, 'alice/shared');
  alice = await gitUser(hub.url, 'alice', aliceToken);
  homes.push(alice);
  await alice.git('.', 'clone', '-q', `${hub.url}/alice/shared.git`, 'work');
  await alice.git('work', 'lfs', 'track', '*.bin');
  await writeFile(join(alice.home, 'work', 'model.bin'), 'weights v1\n');
  await writeFile(join(alice.home, 'work', 'data.bin'), 'data v1\n');
  await alice.git('work', 'add', '.');
  await alice.git('work', 'commit', '-q', '-m', 'first files');
  await alice.git('work', 'push', '-q', 'origin', 'main');
});

after(async () => {
  await hub?.stop();
  await rm(hub.root, { recursive: true, force: true });
  for (const h of homes) await rm(h.home, { recursive: true, force: true });
});

test('a wrong token fails fast: 403, no credential loop, for git and for git-lfs', async () => {
  const mallory = await gitUser(hub.url, 'alice', 'xct_not-the-right-token-at-all');
  homes.push(mallory);
  const before = (await stats(hub)).counters.requests;
  const clone = await mallory.run('.', ['clone', `${hub.url}/alice/shared.git`, 'nope']);
  assert.notEqual(clone.code, 0);
  assert.match(clone.stderr, /403/);
  // The anonymous probe (401), the try with the wrong token (403): nothing more.
  assert.ok((await stats(hub)).counters.requests - before <= 3, 'git asked a handful of times, not in a loop');

  // git-lfs alone: a lazy clone with good credentials, then the token goes bad.
  const eve = await gitUser(hub.url, 'alice', aliceToken);
  homes.push(eve);
  const lazy = await eve.run('.', ['clone', `${hub.url}/alice/shared.git`, 'lazy'], { GIT_LFS_SKIP_SMUDGE: '1' });
  assert.equal(lazy.code, 0, lazy.stderr);
  await eve.setToken('xct_revoked-or-mistyped-token');
  const mark = (await stats(hub)).counters.requests;
  const pull = await eve.run('lazy', ['lfs', 'pull']);
  assert.notEqual(pull.code, 0);
  assert.ok((await stats(hub)).counters.requests - mark <= 10, 'git-lfs gave up instead of looping');
});

test('a user with a read token clones with LFS content but cannot push', async () => {
  await addUser(hub, 'bob');
  const bobToken = await grant(hub, aliceToken, 'bob', 'alice/shared', 'read');
  const bob = await gitUser(hub.url, 'bob', bobToken);
  homes.push(bob);
  await bob.git('.', 'clone', '-q', `${hub.url}/alice/shared.git`, 'work');
  assert.equal(await readFile(join(bob.home, 'work', 'model.bin'), 'utf8'), 'weights v1\n');
  const head = (await alice.git('work', 'ls-remote', 'origin', 'main')).split('\t')[0];

  // A new LFS object: the pre-push upload is refused.
  await writeFile(join(bob.home, 'work', 'bob.bin'), 'bob was here\n');
  await bob.git('work', 'add', 'bob.bin');
  await bob.git('work', 'commit', '-q', '-m', 'bob');
  const lfsPush = await bob.run('work', ['push', 'origin', 'main']);
  assert.notEqual(lfsPush.code, 0);
  assert.match(lfsPush.stderr, /403|[Ff]orbidden|write access/);

  // No LFS object at all: receive-pack itself is refused.
  await bob.git('work', 'reset', '-q', '--hard', 'origin/main');
  await writeFile(join(bob.home, 'work', 'README'), 'hello\n');
  await bob.git('work', 'add', 'README');
  await bob.git('work', 'commit', '-q', '-m', 'readme');
  const gitPush = await bob.run('work', ['push', 'origin', 'main'], { GIT_LFS_SKIP_PUSH: '1' });
  assert.notEqual(gitPush.code, 0);
  assert.match(gitPush.stderr, /403/);
  assert.equal((await alice.git('work', 'ls-remote', 'origin', 'main')).split('\t')[0], head, 'main did not move');
});

test('locks: lock, list, someone else cannot unlock, --force needs project admin', async () => {
  await addUser(hub, 'carol');
  const carolToken = await grant(hub, aliceToken, 'carol', 'alice/shared', 'write');
  const carol = await gitUser(hub.url, 'carol', carolToken);
  homes.push(carol);
  await carol.git('.', 'clone', '-q', `${hub.url}/alice/shared.git`, 'work');

  assert.match(await alice.git('work', 'lfs', 'lock', 'model.bin'), /Locked model.bin/);
  assert.match(await carol.git('work', 'lfs', 'locks'), /model\.bin\s+alice/);
  const steal = await carol.run('work', ['lfs', 'unlock', 'model.bin']);
  assert.notEqual(steal.code, 0);
  const force = await carol.run('work', ['lfs', 'unlock', '--force', 'model.bin']);
  assert.notEqual(force.code, 0, 'a write token is not enough for --force');
  assert.match(await alice.git('work', 'lfs', 'locks'), /model\.bin/);
  assert.match(await alice.git('work', 'lfs', 'unlock', 'model.bin'), /Unlocked model.bin/);

  // Alice owns the project, so she is its admin and may break carol's lock.
  assert.match(await carol.git('work', 'lfs', 'lock', 'data.bin'), /Locked data.bin/);
  const again = await alice.run('work', ['lfs', 'lock', 'data.bin']);
  assert.notEqual(again.code, 0, 'a path is locked once');
  assert.match(await alice.git('work', 'lfs', 'unlock', '--force', 'data.bin'), /Unlocked data.bin/);
  assert.equal((await carol.git('work', 'lfs', 'locks')).trim(), '');
});

test('lock listing pages with a cursor', async () => {
  const auth = { authorization: `Basic ${Buffer.from(`alice:${aliceToken}`).toString('base64')}`, 'content-type': 'application/vnd.git-lfs+json' };
  const lfs = `${hub.url}/alice/shared.git/info/lfs`;
  for (const path of ['a.bin', 'b.bin', 'c.bin']) {
    const r = await fetch(`${lfs}/locks`, { method: 'POST', headers: auth, body: JSON.stringify({ path }) });
    assert.equal(r.status, 201);
  }
  const seen: string[] = [];
  let cursor = '';
  for (let pages = 0; pages < 5; pages++) {
    const r = await fetch(`${lfs}/locks?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { headers: auth });
    const body = (await r.json()) as { locks: Array<{ path: string }>; next_cursor?: string };
    assert.ok(body.locks.length <= 2);
    seen.push(...body.locks.map((l) => l.path));
    if (!body.next_cursor) break;
    cursor = body.next_cursor;
  }
  assert.deepEqual(seen.sort(), ['a.bin', 'b.bin', 'c.bin']);
  const verify = await fetch(`${lfs}/locks/verify`, { method: 'POST', headers: auth, body: '{}' });
  const v = (await verify.json()) as { ours: unknown[]; theirs: unknown[] };
  assert.equal(v.ours.length, 3);
  assert.equal(v.theirs.length, 0);
  const whoami = await api(hub, aliceToken, 'GET', '/api/whoami');
  assert.deepEqual(whoami.body, { user: 'alice', email: 'alice@example.com', admin: false });
});

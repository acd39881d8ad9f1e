// The hub through the `xetcache` command: `serve` on a first start prints the admin token once;
// `hub user add` and `hub token create` print new tokens alone; `project create` makes the
// project on the hub and a clone at its default place; a restart keeps everything.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { xetcache, xetcacheProcess, waitForOutput } from './support/cli-process.js';

const run = promisify(execFile);
let root: string;
let env: Record<string, string>;

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'xetcache-e2e-cli-'));
  env = { PATH: process.env.PATH ?? '', HOME: join(root, 'home'), XETCACHE_HOME: join(root, 'cache') };
});

after(() => rm(root, { recursive: true, force: true }));

async function whoami(url: string, user: string, token: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${url}/api/whoami`, { headers: { authorization: `Basic ${Buffer.from(`${user}:${token}`).toString('base64')}` } });
  return { status: res.status, body: await res.json() };
}

test('serve, hub user add, hub token create, project create, restart', async () => {
  const data = join(root, 'hub-data');
  const serve = xetcacheProcess(['serve', '--port', '0', '--data', data], { env, cwd: root });
  const [, url] = await waitForOutput(serve, /listening on (http:\/\/\S+)/);
  const [, adminToken] = await waitForOutput(serve, /^ {2}(xct_\S+)$/m);
  assert.ok(url && adminToken);
  assert.deepEqual((await whoami(url, 'admin', adminToken)).body, { user: 'admin', email: null, admin: true });

  const asAdmin = { ...env, XET_ENDPOINT: url, XET_USER_NAME: 'admin', XET_USER_TOKEN: adminToken };
  const add = await xetcache(['hub', 'user', 'add', 'alice', '--email', 'alice@example.com'], { env: asAdmin, cwd: root });
  assert.equal(add.code, 0, add.stderr);
  assert.match(add.stdout, /^xct_[A-Za-z0-9_-]+\n$/, 'the token alone on stdout');
  const aliceToken = add.stdout.trim();
  assert.deepEqual((await whoami(url, 'alice', aliceToken)).body, { user: 'alice', email: 'alice@example.com', admin: false });

  const again = await xetcache(['hub', 'user', 'add', 'alice'], { env: asAdmin, cwd: root });
  assert.equal(again.code, 1);
  assert.match(again.stderr, /^xetcache: .*already exists\n$/);
  assert.ok(!again.stderr.includes(adminToken));

  // Alice, logged in the usual way, creates her project: on the hub, and cloned locally.
  const asAlice = { ...env, XET_ENDPOINT: url, XET_USER_NAME: 'alice', XET_USER_TOKEN: aliceToken };
  const create = await xetcache(['project', 'create', 'alice/models'], { env: asAlice, cwd: root });
  assert.equal(create.code, 0, create.stderr);
  const dir = join(root, 'cache', 'projects', 'alice', 'models');
  assert.deepEqual((await readdir(dir)).sort(), ['.git', '.gitattributes', '.lfsconfig']);
  const git = async (...args: string[]) => (await run('git', args, { cwd: dir, env })).stdout;
  assert.equal((await git('remote', 'get-url', 'origin')).trim(), `${url}/alice/models.git`);
  assert.equal((await git('log', '--format=%s')).trim(), 'xetcache: new cache project');
  assert.match(await git('show', 'HEAD:.lfsconfig'), new RegExp(`url = ${url}/alice/models.git/info/lfs`));
  const put = await xetcache(['put', 'greeting', join(dir, '.gitattributes'), '--project', 'alice/models'], { env: asAlice, cwd: root });
  assert.equal(put.code, 0, put.stderr);

  const notHers = await xetcache(['project', 'create', 'bob/models', '--no-clone'], { env: asAlice, cwd: root });
  assert.equal(notHers.code, 1);
  assert.match(notHers.stderr, /refused alice/);

  // A read token for bob on alice's project.
  assert.equal((await xetcache(['hub', 'user', 'add', 'bob'], { env: asAdmin, cwd: root })).code, 0);
  const grant = await xetcache(['hub', 'token', 'create', '--user', 'bob', '--project', 'alice/models', '--scope', 'read'], { env: asAlice, cwd: root });
  assert.equal(grant.code, 0, grant.stderr);
  const bobToken = grant.stdout.trim();
  const lfs = await fetch(`${url}/alice/models.git/info/lfs/objects/batch`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`bob:${bobToken}`).toString('base64')}`, 'content-type': 'application/vnd.git-lfs+json' },
    body: JSON.stringify({ operation: 'upload', objects: [{ oid: 'a'.repeat(64), size: 1 }] }),
  });
  assert.equal(lfs.status, 403);

  const usage = await xetcache(['hub', 'token', 'create', '--project', 'alice/models'], { env: asAlice, cwd: root });
  assert.equal(usage.code, 2);
  const none = await xetcache(['hub', 'user', 'add', 'carol'], { env: { ...env, XET_ENDPOINT: url }, cwd: root });
  assert.equal(none.code, 1);
  assert.match(none.stderr, /no credentials/);

  serve.child.kill('SIGTERM');
  assert.equal(await serve.exited, 0);

  // A restart prints no token, and knows everyone.
  const restart = xetcacheProcess(['serve', '--port', '0', '--data', data], { env, cwd: root });
  const [, url2] = await waitForOutput(restart, /listening on (http:\/\/\S+)/);
  await waitForOutput(restart, /Ctrl-C stops the hub/);
  assert.doesNotMatch(restart.output(), /xct_/);
  assert.equal((await whoami(url2!, 'alice', aliceToken)).status, 200);
  assert.equal((await whoami(url2!, 'admin', adminToken)).status, 200);
  restart.child.kill('SIGINT');
  assert.equal(await restart.exited, 0);
});

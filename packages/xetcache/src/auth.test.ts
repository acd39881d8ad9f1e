// The Node wiring of the credential chain: an Env in, the chain reading that home's
// ~/.xetconfig and variables; and the default project taken from the same file.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNodeAuth } from './auth.js';
import type { Env } from './env.js';
import { defaultProjectSpec } from './paths.js';
import * as xetcache from './index.js';

const root = await mkdtemp(join(tmpdir(), 'xetcache-auth-node-'));
after(() => rm(root, { recursive: true, force: true }));

async function envWith(name: string, config: string | undefined, vars: Record<string, string> = {}): Promise<Env> {
  const homedir = join(root, name);
  await mkdir(homedir);
  if (config !== undefined) await writeFile(join(homedir, '.xetconfig'), config, { mode: 0o600 });
  return { vars: { XETCACHE_KEYCHAIN: 'off', ...vars }, homedir, cwd: homedir, user: 'tester', host: 'box', pid: process.pid };
}

test('xetcache exports login, logout, whoami and resolveCredentials', () => {
  for (const name of ['login', 'logout', 'whoami', 'resolveCredentials'] as const) assert.equal(typeof xetcache[name], 'function');
});

test('the chain reads the given home and variables', async () => {
  const env = await envWith('a', '[user]\nname = "alice"\ntoken = "t"\n');
  const auth = createNodeAuth(env, { warn: () => assert.fail('no warning expected') });
  assert.deepEqual(await auth.whoami(), { user: 'alice', email: null, endpoint: 'http://127.0.0.1:4747', source: 'xetconfig', origin: `${join(env.homedir, '.xetconfig')} [user]` });
  env.vars.XET_USER_NAME = 'bob';
  env.vars.XET_USER_TOKEN = 'u';
  assert.equal((await auth.whoami()).source, 'env');
});

test('the default project: XETCACHE_PROJECT, else [xetcache] project in ~/.xetconfig, else local/default', async () => {
  assert.equal(defaultProjectSpec(await envWith('p1', undefined)), 'local/default');
  assert.equal(defaultProjectSpec(await envWith('p2', '[xetcache]\nproject = "team/models"\n')), 'team/models');
  assert.equal(defaultProjectSpec(await envWith('p3', '[xetcache]\nproject = "team/models"\n', { XETCACHE_PROJECT: 'mine/x' })), 'mine/x');
  const broken = await envWith('p4', '[xetcache\n');
  assert.throws(() => defaultProjectSpec(broken), /\.xetconfig:1:\d+: /);
});

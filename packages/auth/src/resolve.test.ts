// Where credentials come from (SPEC §5): each source alone, every pair of sources (the higher
// one wins), host profiles, and the endpoint in use.

import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createAuth, type Auth } from './auth.js';
import type { CredentialSource } from './context.js';
import { DEFAULT_ENDPOINT, profileName } from './endpoint.js';
import { createMemoryKeychain, type MemoryKeychain } from './keychain/memory.js';
import { KEYCHAIN_SERVICE } from './keychain/port.js';
import { encodeKeychainSecret } from './resolve.js';
import { startTestHub, type TestHub } from './testing/hub.js';
import { tempHome, testDeps } from './testing/deps.js';

let hub: TestHub;
const homes: string[] = [];
before(async () => {
  hub = await startTestHub({ 'via-login': { token: 'tok-login', email: 'login@example.com' } });
});
after(async () => {
  await hub.close();
  await Promise.all(homes.map((h) => rm(h, { recursive: true, force: true })));
});

interface World {
  auth: Auth;
  home: string;
  env: Record<string, string>;
  keychain: MemoryKeychain;
  writeConfig(text: string): Promise<void>;
}

async function world(): Promise<World> {
  const home = await tempHome();
  homes.push(home);
  const env: Record<string, string> = {};
  const keychain = createMemoryKeychain();
  const auth = createAuth(testDeps(home, { env, keychain }));
  return { auth, home, env, keychain, writeConfig: (text) => writeFile(join(home, '.xetconfig'), text, { mode: 0o600 }) };
}

const SOURCES: CredentialSource[] = ['login', 'env', 'xetconfig', 'keychain'];

/** Put credentials for user `via-<source>` in that source, all for the test hub's endpoint. */
async function provide(w: World, source: CredentialSource): Promise<void> {
  const endpoint = hub.endpoint;
  switch (source) {
    case 'login':
      await w.auth.login('via-login', 'tok-login', undefined, { endpoint });
      // Only the in-process login counts here: drop what login stored for other processes.
      w.keychain.items.clear();
      await rm(join(w.home, '.xetconfig'), { force: true });
      return;
    case 'env':
      Object.assign(w.env, { XET_USER_NAME: 'via-env', XET_USER_TOKEN: 'tok-env', XET_USER_EMAIL: 'env@example.com' });
      return;
    case 'xetconfig':
      await w.writeConfig(`endpoint = "${endpoint}"\n\n[user]\nname = "via-xetconfig"\ntoken = "tok-xetconfig"\n`);
      return;
    case 'keychain':
      await w.keychain.set(KEYCHAIN_SERVICE, endpoint, encodeKeychainSecret({ user: 'via-keychain', token: 'tok-keychain' }));
  }
}

for (const source of SOURCES) {
  test(`${source} alone`, async () => {
    const w = await world();
    w.env.XET_ENDPOINT = hub.endpoint;
    await provide(w, source);
    const found = await w.auth.resolveCredentials();
    assert.equal(found?.source, source);
    assert.equal(found?.user, `via-${source}`);
    assert.equal(found?.token, `tok-${source}`);
    assert.equal(found?.endpoint, hub.endpoint);
    const who = await w.auth.whoami();
    assert.deepEqual({ user: who.user, endpoint: who.endpoint, source: who.source }, { user: `via-${source}`, endpoint: hub.endpoint, source });
    assert.ok(!JSON.stringify(who).includes(`tok-${source}`), 'whoami carries no token');
  });
}

for (const [i, higher] of SOURCES.entries()) {
  for (const lower of SOURCES.slice(i + 1)) {
    test(`${higher} comes before ${lower}`, async () => {
      const w = await world();
      w.env.XET_ENDPOINT = hub.endpoint;
      // login() first: it stores into the lower sources, which are then set up over it.
      for (const source of [higher, lower].sort((a, b) => Number(b === 'login') - Number(a === 'login'))) await provide(w, source);
      assert.equal((await w.auth.resolveCredentials())?.source, higher);
    });
  }
}

test('nothing anywhere: no credentials, and whoami says how to log in', async () => {
  const w = await world();
  assert.equal(await w.auth.resolveCredentials(), undefined);
  await assert.rejects(w.auth.whoami(), (err: Error & { code?: string }) => {
    assert.equal(err.code, 'ENOTLOGGEDIN');
    assert.match(err.message, new RegExp(`^not logged in to ${DEFAULT_ENDPOINT}; run: xetcache login -u USER -p TOKEN`));
    return true;
  });
});

test('XET_USER_TOKEN without XET_USER_NAME is a clear error; XET_USER_NAME alone is not a credential', async () => {
  const w = await world();
  w.env.XET_USER_TOKEN = 'tok-orphan';
  await assert.rejects(w.auth.resolveCredentials(), (err: Error & { code?: string }) => {
    assert.equal(err.code, 'ENOUSER');
    assert.match(err.message, /XET_USER_TOKEN is set but XET_USER_NAME is not/);
    assert.ok(!err.message.includes('tok-orphan'));
    return true;
  });
  const named = await world();
  named.env.XET_USER_NAME = 'just-a-name';
  await provide(named, 'keychain');
  named.env.XET_ENDPOINT = hub.endpoint;
  assert.equal((await named.auth.resolveCredentials())?.source, 'keychain');
});

test('a [user] with a token but no name is an error naming the table', async () => {
  const w = await world();
  await w.writeConfig('[user]\ntoken = "tok-nameless"\n');
  await assert.rejects(w.auth.resolveCredentials(), /\.xetconfig \[user\] has a token but no name/);
});

test('host profiles: the table for the endpoint in use applies, whatever the top level says', async () => {
  const w = await world();
  const other = 'http://127.0.0.1:4748';
  const p = profileName(other);
  assert.equal(p, '1270014748');
  await w.writeConfig(
    [
      'endpoint = "https://hub.example.com"',
      '',
      '[user]',
      'name = "top"',
      'token = "tok-top"',
      '',
      `[${p}]`,
      `endpoint = "${other}/"`,
      '',
      `[${p}.user]`,
      'name = "profiled"',
      'token = "tok-profiled"',
      'email = "p@example.com"',
      '',
      '[named-otherwise]',
      'endpoint = "http://127.0.0.1:4749"',
      '[named-otherwise.user]',
      'name = "renamed"',
      'token = "tok-renamed"',
      '',
      '[1270014750.user]',
      'name = "no-endpoint"',
      'token = "tok-no-endpoint"',
      '',
    ].join('\n'),
  );
  const top = await w.auth.whoami();
  assert.deepEqual({ ...top, origin: undefined }, { user: 'top', email: null, endpoint: 'https://hub.example.com', source: 'xetconfig', origin: undefined });
  const profiled = await w.auth.whoami({ endpoint: other });
  assert.equal(profiled.user, 'profiled');
  assert.equal(profiled.email, 'p@example.com');
  assert.match(profiled.origin, /\.xetconfig \[1270014748\.user\]$/);
  w.env.XET_ENDPOINT = `${other}/`;
  assert.equal((await w.auth.whoami()).user, 'profiled', 'XET_ENDPOINT selects the profile, trailing slash aside');
  assert.equal((await w.auth.whoami({ endpoint: 'http://127.0.0.1:4749' })).user, 'renamed', 'any table with the endpoint is a profile');
  // A profile without an endpoint never applies, and the top-level [user] belongs to its own hub.
  assert.equal(await w.auth.resolveCredentials({ endpoint: 'http://127.0.0.1:4750' }), undefined);
});

test('a file without an endpoint is about the default hub', async () => {
  const w = await world();
  await w.writeConfig('[user]\nname = "dflt"\ntoken = "tok-dflt"\n');
  assert.equal((await w.auth.whoami()).endpoint, DEFAULT_ENDPOINT);
  assert.equal((await w.auth.whoami()).user, 'dflt');
  assert.equal(await w.auth.resolveCredentials({ endpoint: 'https://elsewhere.example.com' }), undefined, 'its token goes to no other hub');
});

test('the endpoint in use: asked for, else the login, else XET_ENDPOINT, else the file, else the default', async () => {
  const w = await world();
  assert.equal(await w.auth.endpoint(), DEFAULT_ENDPOINT);
  await w.writeConfig('endpoint = "https://file.example.com/"\n');
  assert.equal(await w.auth.endpoint(), 'https://file.example.com');
  w.env.XET_ENDPOINT = 'https://env.example.com';
  assert.equal(await w.auth.endpoint(), 'https://env.example.com');
  await w.auth.login('via-login', 'tok-login', undefined, { endpoint: hub.endpoint });
  assert.equal(await w.auth.endpoint(), hub.endpoint);
  assert.equal(await w.auth.endpoint('https://asked.example.com'), 'https://asked.example.com');
});

test('a malformed endpoint in the file is an error naming the file', async () => {
  const w = await world();
  await w.writeConfig('endpoint = "ftp://nope"\n');
  await assert.rejects(w.auth.whoami(), /\.xetconfig: endpoint "ftp:\/\/nope" is not http or https/);
});

test('the default project can come from the file', async () => {
  const w = await world();
  assert.equal(await w.auth.configuredProject(), undefined);
  await w.writeConfig('[xetcache]\nproject = "team/models"\n');
  assert.equal(await w.auth.configuredProject(), 'team/models');
});

// login() and logout() against a stand-in hub on 127.0.0.1: where a login is stored (keychain,
// else ~/.xetconfig, never through a link), that a failed one stores nothing and says why, and
// that the token shows up in no message.

import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile, rm, stat, symlink, writeFile, access } from 'node:fs/promises';
import { join } from 'node:path';
import { createAuth } from './auth.js';
import type { Keychain } from './keychain/port.js';
import { createMemoryKeychain } from './keychain/memory.js';
import { KEYCHAIN_SERVICE } from './keychain/port.js';
import { startTestHub, type TestHub } from './testing/hub.js';
import { tempHome, testDeps } from './testing/deps.js';

const TOKEN = 'xet-tok-7f3a9c1e';
let hub: TestHub;
const homes: string[] = [];
before(async () => {
  hub = await startTestHub({ alice: { token: TOKEN, email: 'alice@example.com' }, bob: { token: 'tok-bob' } });
});
after(async () => {
  await hub.close();
  await Promise.all(homes.map((h) => rm(h, { recursive: true, force: true })));
});

async function setup(options: { keychain?: Keychain; env?: Record<string, string> } = {}) {
  const home = await tempHome();
  homes.push(home);
  const deps = testDeps(home, options);
  const file = join(home, '.xetconfig');
  return { home, deps, file, auth: createAuth(deps), reopen: () => createAuth(testDeps(home, options)) };
}

const exists = (path: string) => access(path).then(() => true, () => false);

test('with a working keychain, the token goes there and nowhere else', async () => {
  const keychain = createMemoryKeychain();
  const { auth, file, reopen } = await setup({ keychain });
  const result = await auth.login('alice', TOKEN, undefined, { endpoint: hub.endpoint });
  assert.equal(result.storedIn, 'keychain');
  assert.equal(result.email, 'alice@example.com', 'the email comes from the hub when not given');
  assert.deepEqual(JSON.parse(keychain.items.get(`${KEYCHAIN_SERVICE}\u0000${hub.endpoint}`)!), { user: 'alice', token: TOKEN, email: 'alice@example.com' });
  // The endpoint is not the default one, so the file records it (and nothing secret).
  assert.equal(await readFile(file, 'utf8'), `endpoint = "${hub.endpoint}"\n`);
  assert.equal((await auth.whoami()).source, 'login');
  const later = await reopen().whoami();
  assert.deepEqual({ ...later, origin: undefined }, { user: 'alice', email: 'alice@example.com', endpoint: hub.endpoint, source: 'keychain', origin: undefined });
  const req = hub.requests.at(-1)!;
  assert.equal(req.url, '/api/whoami');
  assert.equal(req.authorization, `Basic ${Buffer.from(`alice:${TOKEN}`).toString('base64')}`);
});

test('without a keychain the token goes to ~/.xetconfig, mode 0600', async () => {
  for (const keychain of [undefined, createMemoryKeychain({ broken: true }), createMemoryKeychain({ hang: true })]) {
    const { auth, file, reopen, deps } = await setup({ keychain });
    const result = await auth.login('alice', TOKEN, 'a@work.example', { endpoint: hub.endpoint });
    assert.equal(result.storedIn, 'xetconfig');
    assert.equal(await readFile(file, 'utf8'), `endpoint = "${hub.endpoint}"\n\n[user]\nname = "alice"\ntoken = "${TOKEN}"\nemail = "a@work.example"\n`);
    if (process.platform !== 'win32') assert.equal((await stat(file)).mode & 0o777, 0o600);
    assert.equal((await reopen().whoami()).source, 'xetconfig');
    assert.deepEqual(deps.warnings, []);
  }
});

test('a keychain that passes the probe but refuses the login: the token goes to the file, with a warning', async () => {
  const inner = createMemoryKeychain();
  const picky: Keychain = {
    get: (s, a) => inner.get(s, a),
    delete: (s, a) => inner.delete(s, a),
    set: async (s, a, secret) => {
      if (s === KEYCHAIN_SERVICE) throw new Error(`locked (${secret})`);
      return inner.set(s, a, secret);
    },
  };
  const { auth, file, deps } = await setup({ keychain: picky });
  assert.equal((await auth.login('alice', TOKEN, undefined, { endpoint: hub.endpoint })).storedIn, 'xetconfig');
  assert.match(await readFile(file, 'utf8'), new RegExp(`\\[user\\]\nname = "alice"\ntoken = "${TOKEN}"`));
  assert.equal(deps.warnings.length, 1);
  assert.match(deps.warnings[0]!, /the OS keychain refused the token \(locked \(\{"user":"alice","token":"\*\*\*"/);
});

test('a file about another hub keeps its [user]; this hub gets a profile; unknown keys and comments stay', async () => {
  const { auth, file, reopen } = await setup();
  const before = '# mine\nendpoint = "https://hub.example.com"\n\n[user]\nname = "top"\ntoken = "tok-top"\nssh = "keep me"\n\n[cas]\nserver = "x"\n';
  await writeFile(file, before, { mode: 0o600 });
  const result = await auth.login('bob', 'tok-bob', undefined, { endpoint: `${hub.endpoint}/` });
  assert.equal(result.endpoint, hub.endpoint);
  const p = hub.endpoint.replace(/[^A-Za-z0-9]/g, '').replace(/^http/, '');
  assert.equal(await readFile(file, 'utf8'), `${before}\n[${p}]\nendpoint = "${hub.endpoint}"\n\n[${p}.user]\nname = "bob"\ntoken = "tok-bob"\n`);
  assert.deepEqual(result.notes, [`https://hub.example.com stays the default hub; use --endpoint ${hub.endpoint} (or XET_ENDPOINT=${hub.endpoint}) to work with this one`]);
  assert.equal((await reopen().whoami()).user, 'top');
  assert.equal((await reopen().whoami({ endpoint: hub.endpoint })).user, 'bob');
});

test('logging in again replaces the credentials in place', async () => {
  const { auth, file } = await setup();
  await auth.login('alice', TOKEN, 'old@example.com', { endpoint: hub.endpoint });
  await auth.login('bob', 'tok-bob', undefined, { endpoint: hub.endpoint });
  assert.equal(await readFile(file, 'utf8'), `endpoint = "${hub.endpoint}"\n\n[user]\nname = "bob"\ntoken = "tok-bob"\n`);
});

test('a login into the keychain removes a token for the same hub from the file, which would shadow it', async () => {
  const keychain = createMemoryKeychain();
  const { auth, file, reopen } = await setup({ keychain });
  await writeFile(file, `endpoint = "${hub.endpoint}"\n\n[user]\nname = "alice"\ntoken = "stale"\nssh = "kept"\n`, { mode: 0o600 });
  assert.equal((await auth.login('alice', TOKEN, undefined, { endpoint: hub.endpoint })).storedIn, 'keychain');
  assert.equal(await readFile(file, 'utf8'), `endpoint = "${hub.endpoint}"\n\n[user]\nssh = "kept"\n`);
  assert.equal((await reopen().whoami()).source, 'keychain');
});

/** Every failure: the right code, a reason, no token, and nothing stored anywhere. */
async function failsStoringNothing(attempt: (auth: ReturnType<typeof createAuth>) => Promise<unknown>, code: string, reason: RegExp) {
  const keychain = createMemoryKeychain();
  const { auth, file, deps } = await setup({ keychain });
  await assert.rejects(attempt(auth), (err: Error & { code?: string; data?: unknown }) => {
    assert.equal(err.code, code, err.message);
    assert.match(err.message, reason);
    assert.ok(!`${err.message} ${JSON.stringify(err.data)} ${err.stack}`.includes(TOKEN), 'the token is in no error');
    return true;
  });
  assert.equal(keychain.items.size, 0);
  assert.equal(await exists(file), false);
  assert.equal(await auth.resolveCredentials({ endpoint: hub.endpoint }), undefined);
  assert.ok(!deps.warnings.join('\n').includes(TOKEN));
}

test('a wrong token is refused, storing nothing', async () => {
  await failsStoringNothing((a) => a.login('bob', TOKEN, undefined, { endpoint: hub.endpoint }), 'EREJECTED', /refused user "bob" with this token \(HTTP 403: wrong token\); check the user name and the token/);
});

test('an unknown user is refused, storing nothing', async () => {
  await failsStoringNothing((a) => a.login('carol', TOKEN, undefined, { endpoint: hub.endpoint }), 'EREJECTED', /HTTP 403: no such user "carol"/);
});

test('a token of another user is refused', async () => {
  hub.override = () => ({ status: 200, body: { user: 'mallory', email: null, admin: false } });
  try {
    await failsStoringNothing((a) => a.login('alice', TOKEN, undefined, { endpoint: hub.endpoint }), 'EREJECTED', /this token belongs to "mallory", not "alice"/);
  } finally {
    hub.override = undefined;
  }
});

test('a hub that is not there: unreachable, storing nothing', async () => {
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((r) => closed.close(() => r()));
  await failsStoringNothing((a) => a.login('alice', TOKEN, undefined, { endpoint: `http://127.0.0.1:${port}` }), 'EUNREACHABLE', /cannot reach the hub at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\); is it running/);
});

test('TLS failing: a TLS error, storing nothing', async () => {
  const https = hub.endpoint.replace('http:', 'https:');
  await failsStoringNothing((a) => a.login('alice', TOKEN, undefined, { endpoint: https }), 'ETLS', /TLS failed with the hub at https:.* is the endpoint http:\/\/ rather than https:\/\//);
});

test('something that is not a hub, a server error, or a redirect: a clear error, storing nothing', async () => {
  const cases: [() => { status: number; body?: unknown; headers?: Record<string, string> }, RegExp][] = [
    [() => ({ status: 200, body: { hello: 'world' } }), /does not answer \/api\/whoami like a xetcache hub/],
    [() => ({ status: 500, body: { message: `boom ${TOKEN}` } }), /answered HTTP 500 to \/api\/whoami \(boom \*\*\*\)/],
    [() => ({ status: 302, headers: { location: 'http://127.0.0.1:9/elsewhere' } }), /redirects to http:\/\/127\.0\.0\.1:9\/elsewhere; use the address/],
  ];
  for (const [answer, reason] of cases) {
    hub.override = answer;
    try {
      await failsStoringNothing((a) => a.login('alice', TOKEN, undefined, { endpoint: hub.endpoint }), 'EHUB', reason);
    } finally {
      hub.override = undefined;
    }
  }
});

test('bad input is refused before the hub is asked', async () => {
  const asked = hub.requests.length;
  await failsStoringNothing((a) => a.login('', TOKEN), 'EINVAL', /a user name is required/);
  await failsStoringNothing((a) => a.login('al:ice', TOKEN), 'EINVAL', /cannot contain spaces, colons/);
  await failsStoringNothing((a) => a.login('alice', `${TOKEN}\n`), 'EINVAL', /the token cannot contain spaces or control characters/);
  await failsStoringNothing((a) => a.login('alice', TOKEN, undefined, { endpoint: `http://alice:${TOKEN}@127.0.0.1:1` }), 'EINVAL', /must not contain a user or token/);
  assert.equal(hub.requests.length, asked);
});

test('a symlinked ~/.xetconfig is refused for writing, and nothing is stored', { skip: process.platform === 'win32' }, async () => {
  const { auth, home, file } = await setup();
  const target = join(home, 'dotfiles-xetconfig');
  await writeFile(target, '# shared dotfiles\n');
  await symlink(target, file);
  await assert.rejects(auth.login('alice', TOKEN, undefined, { endpoint: hub.endpoint }), (err: Error & { code?: string }) => {
    assert.equal(err.code, 'ESYMLINK');
    assert.ok(!err.message.includes(TOKEN));
    return true;
  });
  assert.equal(await readFile(target, 'utf8'), '# shared dotfiles\n');
  assert.equal(await auth.resolveCredentials({ endpoint: hub.endpoint }), undefined, 'not even in this process');
});

test('logout removes the credentials from the process, the keychain and the file, and keeps the rest', async () => {
  const keychain = createMemoryKeychain();
  const { auth, file, reopen } = await setup({ keychain, env: { XET_ENDPOINT: hub.endpoint } });
  await auth.login('alice', TOKEN, undefined);
  // Credentials in the file too, as XetHub's tools would leave them, with keys of their own.
  await writeFile(file, `endpoint = "${hub.endpoint}"\n[user]\nname = "alice"\ntoken = "${TOKEN}"\nlogin_id = 7\n\n[cas]\nserver = "x"\n`, { mode: 0o600 });
  const result = await auth.logout();
  assert.deepEqual(result, { endpoint: hub.endpoint, removed: ['login', 'keychain', 'xetconfig'], envStillSet: false });
  assert.equal(keychain.items.size, 0);
  assert.equal(await readFile(file, 'utf8'), `endpoint = "${hub.endpoint}"\n[user]\nlogin_id = 7\n\n[cas]\nserver = "x"\n`);
  assert.equal(await auth.resolveCredentials(), undefined);
  assert.equal(await reopen().resolveCredentials(), undefined);
  assert.deepEqual((await auth.logout()).removed, [], 'a second logout has nothing to remove');
});

test('logout says when XET_USER_TOKEN still provides credentials', async () => {
  const { auth } = await setup({ env: { XET_USER_NAME: 'alice', XET_USER_TOKEN: TOKEN } });
  assert.equal((await auth.logout()).envStillSet, true);
});

test('a keychain that does not answer never blocks resolving or logging out', async () => {
  const { auth, file, deps } = await setup({ keychain: createMemoryKeychain({ hang: true }) });
  assert.equal(await auth.resolveCredentials({ endpoint: hub.endpoint }), undefined);
  assert.deepEqual((await auth.logout({ endpoint: hub.endpoint })).removed, []);
  assert.equal(await exists(file), false);
  assert.ok(deps.warnings.some((w) => /keychain/.test(w)));
});

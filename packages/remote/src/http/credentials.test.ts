import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { withCredentials, cachedCredentials, authCredentials, basicAuthorization, type BasicCredentials } from './credentials.js';
import { createFetchClient } from './fetch-client.js';
import { readText } from './response.js';
import { RemoteError } from '../errors.js';
import { startTestServer, type TestServer } from '../testing/http-server.js';

let hub: TestServer;
let storage: TestServer;
const base = createFetchClient({ fetch: globalThis.fetch });
const TOKEN = 'tok-3f9a2c-SECRET';
const alice: BasicCredentials = { user: 'alice', token: TOKEN };
const basicValue = basicAuthorization(alice).slice('Basic '.length);

before(async () => {
  hub = await startTestServer((_req, res) => res.end());
  storage = await startTestServer((_req, res) => res.end());
});
after(async () => {
  await hub.close();
  await storage.close();
});

test('HTTP Basic user:token in the Authorization header, never in the URL', async () => {
  hub.requests.length = 0;
  hub.handle((_req, res) => res.end('ok'));
  const client = withCredentials(base, { credentials: async () => alice, origins: [hub.url] });
  await readText(await client({ method: 'GET', url: `${hub.url}/api/whoami` }));
  const seen = hub.requests[0]!;
  assert.equal(seen.headers.authorization, `Basic ${Buffer.from(`alice:${TOKEN}`).toString('base64')}`);
  assert.doesNotMatch(seen.url, /alice|tok/);
});

test('other origins never see the credentials', async () => {
  storage.requests.length = 0;
  storage.handle((_req, res) => res.end('bytes'));
  const client = withCredentials(base, { credentials: async () => alice, origins: [`${hub.url}/alice/p.git/info/lfs`] });
  await readText(await client({ method: 'GET', url: `${storage.url}/objects/abc` }));
  assert.equal(storage.requests[0]!.headers.authorization, undefined);
});

test('an Authorization header the request already has is kept (an LFS action header)', async () => {
  hub.requests.length = 0;
  hub.handle((_req, res) => res.end('ok'));
  const client = withCredentials(base, { credentials: async () => alice, origins: [hub.url] });
  await readText(await client({ method: 'GET', url: `${hub.url}/x`, headers: { authorization: 'RemoteAuth signed' } }));
  assert.equal(hub.requests[0]!.headers.authorization, 'RemoteAuth signed');
});

test('no credentials: the request goes anonymous', async () => {
  hub.requests.length = 0;
  hub.handle((_req, res) => res.end('ok'));
  const client = withCredentials(base, { credentials: async () => undefined, origins: [hub.url] });
  await readText(await client({ method: 'GET', url: `${hub.url}/x` }));
  assert.equal(hub.requests[0]!.headers.authorization, undefined);
});

test('the token appears in no error, even when the server echoes it', async () => {
  for (const status of [400, 401, 403, 500]) {
    hub.handle((req, res) => {
      res.writeHead(status, { 'content-type': 'application/json', 'retry-after': String(req.headers.authorization) });
      res.end(JSON.stringify({ message: `bad token ${TOKEN} in ${req.headers.authorization}` }));
    });
    const client = withCredentials(base, { credentials: async () => alice, origins: [hub.url] });
    const err = await client({ method: 'GET', url: `${hub.url}/x` }).then(
      () => assert.fail('expected a failure'),
      (e: unknown) => e as RemoteError,
    );
    const everything = `${err.message} ${JSON.stringify(err.data)} ${err.stack ?? ''}`;
    assert.ok(!everything.includes(TOKEN), `HTTP ${status}: token in ${everything}`);
    assert.ok(!everything.includes(basicValue), `HTTP ${status}: encoded credentials in ${everything}`);
    assert.match(err.message, /\*\*\*/);
  }
});

test('cachedCredentials asks once, and again after a failure or an empty answer', async () => {
  let calls = 0;
  const answers: Array<BasicCredentials | undefined | Error> = [new Error('keychain locked'), undefined, alice];
  const provider = cachedCredentials(async () => {
    const next = answers[calls++];
    if (next instanceof Error) throw next;
    return next;
  });
  await assert.rejects(provider(), /keychain locked/);
  assert.equal(await provider(), undefined);
  assert.deepEqual(await provider(), alice);
  assert.deepEqual(await provider(), alice);
  assert.equal(calls, 3);
});

test("authCredentials adapts @xetcache/auth's resolveCredentials to an endpoint", async () => {
  const asked: unknown[] = [];
  const provider = authCredentials(async (options) => {
    asked.push(options);
    return { user: 'bob', token: 't', email: 'b@x', endpoint: 'http://hub', source: 'env', origin: 'XET_*' } as { user: string; token: string };
  }, 'http://hub');
  assert.deepEqual(await provider(), { user: 'bob', token: 't' });
  assert.deepEqual(asked, [{ endpoint: 'http://hub' }]);
});

import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHttpClient, DEFAULT_USER_AGENT } from './client.js';
import { withUserAgent } from './user-agent.js';
import { createFetchClient } from './fetch-client.js';
import { readText } from './response.js';
import type { RequestLogEvent } from './log.js';
import { RemoteError } from '../errors.js';
import { startTestServer, type TestServer } from '../testing/http-server.js';
import { recordingSleep, manualTimers } from '../testing/runtime.js';

let server: TestServer;
const TOKEN = 'tok-77e1-SECRET';

before(async () => {
  server = await startTestServer((_req, res) => res.end());
});
after(() => server.close());

// Deadlines on timers driven by hand: none fires unless a test moves the clock.
function stack(log: RequestLogEvent[] = [], timers = manualTimers()) {
  const slept = recordingSleep();
  let clock = 0;
  const client = createHttpClient({
    fetch: globalThis.fetch,
    sleep: slept.sleep,
    now: () => (clock += 5),
    random: () => 0.5,
    credentials: { provider: async () => ({ user: 'alice', token: TOKEN }), origins: [server.url] },
    concurrency: 4,
    timeouts: { headersMs: 200, stallMs: 200, timers },
    log: (e) => log.push(e),
  });
  return { client, delays: slept.delays };
}

test('the stack sends a user agent and credentials, and retries failures', async () => {
  server.requests.length = 0;
  server.handle((_req, res, _seen, i) => {
    if (i === 0) {
      res.writeHead(503, { 'retry-after': '1' });
      res.end();
    } else res.end('ok');
  });
  const { client, delays } = stack();
  assert.equal(await readText(await client({ method: 'GET', url: `${server.url}/x` })), 'ok');
  assert.deepEqual(delays, [1000]);
  for (const seen of server.requests) {
    assert.equal(seen.headers['user-agent'], DEFAULT_USER_AGENT);
    assert.match(String(seen.headers.authorization), /^Basic /);
  }
});

test('a request that gets no headers in time is tried again, each attempt with its own deadline', async () => {
  server.requests.length = 0;
  const timers = manualTimers();
  let arrived!: () => void;
  const arrival = new Promise<void>((resolve) => (arrived = resolve));
  server.handle((_req, res, _seen, i) => {
    if (i > 0) res.end('late but fine');
    else arrived();
  });
  const { client, delays } = stack([], timers);
  const p = client({ method: 'GET', url: `${server.url}/slow-once` });
  await arrival;
  timers.advance(200);
  assert.equal(await readText(await p), 'late but fine');
  assert.equal(server.requests.length, 2);
  assert.equal(delays.length, 1);
});

test('no token in errors or logs, whatever fails', async () => {
  const log: RequestLogEvent[] = [];
  const { client } = stack(log);
  const failures: Array<(res: import('node:http').ServerResponse) => void> = [
    (res) => {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: `token ${TOKEN} has no write scope` }));
    },
    (res) => {
      res.writeHead(401);
      res.end(TOKEN);
    },
    (res) => res.socket?.destroy(),
  ];
  for (const fail of failures) {
    server.handle((_req, res) => fail(res));
    const url = new URL(`${server.url}/p`);
    url.username = 'alice';
    url.password = TOKEN;
    url.searchParams.set('token', TOKEN);
    const err = await client({ method: 'GET', url: `${server.url}/p?sig=${TOKEN}` }).then(
      () => assert.fail('expected a failure'),
      (e: unknown) => e as RemoteError,
    );
    assert.ok(err instanceof RemoteError);
    const text = `${err.message} ${JSON.stringify(err.data)} ${err.stack ?? ''}`;
    assert.ok(!text.includes(TOKEN), text);
  }
  assert.ok(log.length >= 3);
  assert.ok(!JSON.stringify(log).includes(TOKEN), JSON.stringify(log));
  assert.ok(log.some((e) => e.code === 'EFORBIDDEN' && e.status === 403));
});

test('a user agent the request names wins', async () => {
  server.requests.length = 0;
  server.handle((_req, res) => res.end());
  const client = withUserAgent(createFetchClient({ fetch: globalThis.fetch }), 'xetcache/test');
  await readText(await client({ method: 'GET', url: server.url }));
  await readText(await client({ method: 'GET', url: server.url, headers: { 'user-agent': 'git-lfs/3.3.0' } }));
  assert.deepEqual(server.requests.map((r) => r.headers['user-agent']), ['xetcache/test', 'git-lfs/3.3.0']);
});

import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { withConcurrency } from './concurrency.js';
import { createSemaphore } from './semaphore.js';
import { createFetchClient } from './fetch-client.js';
import { readText } from './response.js';
import { RemoteError } from '../errors.js';
import { startTestServer, type TestServer } from '../testing/http-server.js';

let server: TestServer;
const base = createFetchClient({ fetch: globalThis.fetch });

before(async () => {
  server = await startTestServer((_req, res) => res.end());
});
after(() => server.close());

/** A server that answers only when told to, counting requests it holds at once. */
function holdingServer() {
  const held: Array<() => void> = [];
  let arrived!: () => void;
  let arrival = new Promise<void>((resolve) => (arrived = resolve));
  let inFlight = 0;
  let most = 0;
  server.handle((_req, res) => {
    inFlight++;
    most = Math.max(most, inFlight);
    res.on('close', () => inFlight--);
    held.push(() => res.end('done'));
    arrived();
    arrival = new Promise<void>((resolve) => (arrived = resolve));
  });
  return {
    held,
    /** Resolves when the next request reaches the server. */
    nextArrival: () => arrival,
    get most() {
      return most;
    },
  };
}

test('at most N requests reach the server at once; the rest wait their turn', async () => {
  const s = holdingServer();
  const client = withConcurrency(base, 2);
  const results = Array.from({ length: 5 }, (_, i) => client({ method: 'GET', url: `${server.url}/${i}` }).then(readText));
  // Two get in at once; each answer lets one more in; never a third at a time.
  while (s.held.length < 2) await s.nextArrival();
  for (let released = 0; released < 5; released++) {
    while (s.held.length === 0) await s.nextArrival();
    s.held.shift()!();
  }
  assert.deepEqual(await Promise.all(results), ['done', 'done', 'done', 'done', 'done']);
  assert.equal(s.most, 2);
});

test('a place is held until the body is read, and freed by cancel or failure', async () => {
  const semaphore = createSemaphore(1);
  const client = withConcurrency(base, semaphore);
  server.handle((_req, res) => res.end('body'));
  const res = await client({ method: 'GET', url: `${server.url}/a` });
  assert.equal(semaphore.active, 1, 'headers are in, the body is not read: still held');
  await readText(res);
  assert.equal(semaphore.active, 0);

  const cancelled = await client({ method: 'GET', url: `${server.url}/b` });
  await cancelled.cancel();
  assert.equal(semaphore.active, 0);

  server.handle((_req, res) => {
    res.writeHead(500);
    res.end();
  });
  await assert.rejects(client({ method: 'GET', url: `${server.url}/c` }));
  assert.equal(semaphore.active, 0);
});

test('a request aborted while waiting for a place leaves the queue', async () => {
  const semaphore = createSemaphore(1);
  const client = withConcurrency(base, semaphore);
  server.handle((_req, res) => res.end('x'));
  const first = await client({ method: 'GET', url: `${server.url}/1` });
  const controller = new AbortController();
  const waiting = client({ method: 'GET', url: `${server.url}/2`, signal: controller.signal });
  assert.equal(semaphore.waiting, 1);
  controller.abort();
  await assert.rejects(waiting, (err: RemoteError) => err.code === 'EABORTED');
  assert.equal(semaphore.waiting, 0);
  await readText(first);
  assert.equal(semaphore.active, 0);
});

test('a semaphore shared by two clients bounds them together', async () => {
  const semaphore = createSemaphore(1);
  const a = withConcurrency(base, semaphore);
  const b = withConcurrency(base, semaphore);
  server.handle((_req, res) => res.end('x'));
  const held = await a({ method: 'GET', url: `${server.url}/a` });
  const other = b({ method: 'GET', url: `${server.url}/b` });
  assert.equal(semaphore.waiting, 1);
  await readText(held);
  assert.equal(await readText(await other), 'x');
});

test('a limit must be a whole number of at least 1', () => {
  for (const bad of [0, -1, 1.5, Number.NaN]) assert.throws(() => createSemaphore(bad), (err: RemoteError) => err.code === 'EINVAL');
});

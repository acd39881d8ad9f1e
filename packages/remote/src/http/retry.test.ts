import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { withRetry, backoffDelay, type RetryEvent } from './retry.js';
import { createRetryBudget } from './retry-budget.js';
import { createFetchClient } from './fetch-client.js';
import { readText } from './response.js';
import { replayable } from './body.js';
import { RemoteError } from '../errors.js';
import { startTestServer, type TestServer } from '../testing/http-server.js';
import { recordingSleep } from '../testing/runtime.js';

let server: TestServer;
const base = createFetchClient({ fetch: globalThis.fetch });
const NOW = Date.parse('2024-05-01T12:00:00Z');

before(async () => {
  server = await startTestServer((_req, res) => res.end());
});
after(() => server.close());

/** A server that fails the first `n` requests with `status` (and headers), then answers "ok". */
function failFirst(n: number, status: number, headers: Record<string, string> = {}) {
  server.requests.length = 0;
  server.handle((_req, res, _seen, index) => {
    if (index < n) {
      res.writeHead(status, headers);
      res.end();
    } else res.end('ok');
  });
}

function retrying(options: Partial<Parameters<typeof withRetry>[1]> = {}) {
  const slept = recordingSleep();
  const events: RetryEvent[] = [];
  const client = withRetry(base, { sleep: slept.sleep, now: () => NOW, random: () => 0.5, onRetry: (e) => events.push(e), ...options });
  return { client, delays: slept.delays, events };
}

test('5xx and 429 are retried until they succeed', async () => {
  for (const status of [429, 500, 502, 503, 504]) {
    failFirst(2, status);
    const { client, delays } = retrying();
    const res = await client({ method: 'GET', url: `${server.url}/x` });
    assert.equal(await readText(res), 'ok', `HTTP ${status}`);
    assert.equal(server.requests.length, 3);
    assert.equal(delays.length, 2);
  }
});

test('backoff doubles, with equal jitter, up to a cap', async () => {
  failFirst(4, 503);
  const { client, delays } = retrying({ baseDelayMs: 100, maxDelayMs: 500 });
  await readText(await client({ method: 'GET', url: `${server.url}/x` }));
  // Half of a ceiling of 100, 200, 400, then the 500 cap, plus random() = 0.5 of the other half.
  assert.deepEqual(delays, [75, 150, 300, 375]);
  assert.equal(backoffDelay(3, () => 0, 100), 200);
  assert.equal(backoffDelay(3, () => 0.999, 100), 399);
});

test('by default the retries ride over an outage of 15 s, however the jitter falls', async () => {
  const gone = await startTestServer((_req, res) => res.end());
  await gone.close();
  for (const random of [() => 0, () => 0.999]) {
    const { client, delays } = retrying({ random });
    await assert.rejects(client({ method: 'GET', url: `${gone.url}/x` }), (err: RemoteError) => err.code === 'ENETWORK');
    assert.equal(delays.length, 7, '8 attempts in all');
    const waited = delays.reduce((a, b) => a + b, 0);
    assert.ok(waited >= 15_000 && waited < 32_000, `waited ${waited} ms`);
  }
});

test('Retry-After in seconds is honoured', async () => {
  failFirst(1, 429, { 'retry-after': '3' });
  const { client, delays } = retrying();
  await readText(await client({ method: 'GET', url: `${server.url}/x` }));
  assert.deepEqual(delays, [3000]);
});

test('Retry-After as an HTTP date is honoured', async () => {
  failFirst(1, 503, { 'retry-after': new Date(NOW + 12_000).toUTCString() });
  const { client, delays } = retrying();
  await readText(await client({ method: 'GET', url: `${server.url}/x` }));
  assert.deepEqual(delays, [12_000]);
});

test('a Retry-After beyond the limit fails at once', async () => {
  failFirst(1, 429, { 'retry-after': '3600' });
  const { client, delays } = retrying({ maxRetryAfterMs: 60_000 });
  await assert.rejects(client({ method: 'GET', url: `${server.url}/x` }), (err: RemoteError) => err.code === 'ERATELIMITED' && /3600 s/.test(err.message));
  assert.deepEqual(delays, []);
});

test('gives up after maxAttempts with the last error', async () => {
  failFirst(100, 502);
  const { client, delays } = retrying({ maxAttempts: 3 });
  await assert.rejects(client({ method: 'GET', url: `${server.url}/x` }), (err: RemoteError) => err.code === 'EUNAVAILABLE');
  assert.equal(server.requests.length, 3);
  assert.equal(delays.length, 2);
});

test('client errors are not retried', async () => {
  for (const status of [400, 401, 403, 404, 422, 501]) {
    failFirst(1, status);
    const { client, delays } = retrying();
    await assert.rejects(client({ method: 'GET', url: `${server.url}/x` }));
    assert.equal(server.requests.length, 1, `HTTP ${status}`);
    assert.deepEqual(delays, []);
  }
});

test('network errors are retried', async () => {
  const gone = await startTestServer((_req, res) => res.end());
  await gone.close();
  const { client, delays, events } = retrying({ maxAttempts: 3 });
  await assert.rejects(client({ method: 'GET', url: `${gone.url}/x` }), (err: RemoteError) => err.code === 'ENETWORK');
  assert.equal(delays.length, 2);
  assert.ok(events.every((e) => e.error.code === 'ENETWORK'));
});

test('replayable bodies are sent again whole; one-shot streams are not retried', async () => {
  failFirst(1, 503);
  const { client } = retrying();
  const body = replayable(function* () {
    yield new TextEncoder().encode('again');
  }, 5);
  await readText(await client({ method: 'PUT', url: `${server.url}/put`, body }));
  assert.deepEqual(server.requests.map((r) => r.body.toString()), ['again', 'again']);

  failFirst(1, 503);
  async function* once() {
    yield new TextEncoder().encode('once');
  }
  await assert.rejects(client({ method: 'PUT', url: `${server.url}/put`, body: once() }), (err: RemoteError) => err.code === 'EUNAVAILABLE');
  assert.equal(server.requests.length, 1);

  failFirst(1, 503);
  await readText(await client({ method: 'POST', url: `${server.url}/post`, body: new TextEncoder().encode('bytes') }));
  assert.equal(server.requests.length, 2);
});

test('the retry budget is shared and runs dry', async () => {
  failFirst(100, 500);
  const budget = createRetryBudget({ capacity: 3, perSuccess: 0.5 });
  const { client, delays } = retrying({ budget, maxAttempts: 10 });
  await assert.rejects(client({ method: 'GET', url: `${server.url}/a` }));
  assert.equal(delays.length, 3);
  await assert.rejects(client({ method: 'GET', url: `${server.url}/b` }));
  assert.equal(delays.length, 3, 'no tokens left: the second request is not retried');
  assert.equal(server.requests.length, 5);

  // Successes earn tokens back.
  server.handle((_req, res) => res.end('ok'));
  for (let i = 0; i < 2; i++) await readText(await client({ method: 'GET', url: `${server.url}/ok` }));
  assert.equal(budget.tokens, 1);
});

test('an abort during the wait ends the retries', async () => {
  failFirst(100, 503);
  const controller = new AbortController();
  const slept = recordingSleep(() => controller.abort());
  const client = withRetry(base, { sleep: slept.sleep, now: () => NOW, random: () => 0.5 });
  await assert.rejects(client({ method: 'GET', url: `${server.url}/x`, signal: controller.signal }), (err: RemoteError) => err.code === 'EABORTED');
  assert.equal(server.requests.length, 1);
});

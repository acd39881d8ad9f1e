import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { withTimeouts } from './timeouts.js';
import { createFetchClient } from './fetch-client.js';
import { readText } from './response.js';
import { replayable } from './body.js';
import { RemoteError } from '../errors.js';
import { startTestServer, type TestServer } from '../testing/http-server.js';
import { manualTimers } from '../testing/runtime.js';

let server: TestServer;
const base = createFetchClient({ fetch: globalThis.fetch });

before(async () => {
  server = await startTestServer((_req, res) => res.end());
});
after(() => server.close());

const code = (c: string) => (err: unknown) => err instanceof RemoteError && err.code === c;

/** A handler that never answers, telling when the request has arrived and when it was closed. */
function silentServer() {
  let arrived!: () => void;
  let closed!: () => void;
  const arrival = new Promise<void>((resolve) => (arrived = resolve));
  const closing = new Promise<void>((resolve) => (closed = resolve));
  return { arrival, closing, arrived: () => arrived(), closed: () => closed() };
}

test('no response headers in time is ETIMEOUT, and the request is aborted', async () => {
  const timers = manualTimers();
  const s = silentServer();
  server.handle((_req, res) => {
    res.on('close', s.closed);
    s.arrived();
  });
  const client = withTimeouts(base, { headersMs: 50, timers });
  const p = client({ method: 'GET', url: `${server.url}/slow` });
  await s.arrival;
  timers.advance(50);
  await assert.rejects(p, (err: RemoteError) => err.code === 'ETIMEOUT' && /no response within 50 ms/.test(err.message));
  await s.closing;
});

test('a body that stops mid-way is ESTALLED after what came before it', async () => {
  const timers = manualTimers();
  const s = silentServer();
  server.handle((_req, res) => {
    res.writeHead(200, { 'content-length': '100' });
    res.write('first bytes');
    // …and nothing more, ever: the connection stays open.
    res.on('close', s.closed);
  });
  const client = withTimeouts(base, { stallMs: 50, timers });
  const res = await client({ method: 'GET', url: `${server.url}/stall` });
  const it = res.body[Symbol.asyncIterator]();
  let got = '';
  while (got.length < 'first bytes'.length) got += new TextDecoder().decode((await it.next()).value as Uint8Array);
  assert.equal(got, 'first bytes');
  const next = it.next();
  timers.advance(50);
  await assert.rejects(next, (err: RemoteError) => err.code === 'ESTALLED' && /stalled/.test(err.message));
  await s.closing;
});

test('a body that keeps coming is never stalled, however long it takes in all', async () => {
  const timers = manualTimers();
  let send!: (text: string | null) => void;
  server.handle((_req, res) => {
    res.writeHead(200);
    send = (text) => (text === null ? res.end() : res.write(text));
    send('0');
  });
  const client = withTimeouts(base, { stallMs: 1000, timers });
  const res = await client({ method: 'GET', url: `${server.url}/steady` });
  const it = res.body[Symbol.asyncIterator]();
  let received = '';
  for (let i = 1; i <= 5; i++) {
    const next = it.next();
    // Just short of the stall limit before each piece arrives: 5 s in all, and no stall.
    timers.advance(999);
    send(String(i));
    const step = await next;
    assert.equal(step.done, false);
    received += new TextDecoder().decode(step.value as Uint8Array);
  }
  send(null);
  for (let step = await it.next(); !step.done; step = await it.next()) received += new TextDecoder().decode(step.value);
  assert.equal(received, '012345');
  assert.equal(timers.pending, 0);
});

test('time the reader spends between reads does not count as a stall', async () => {
  const timers = manualTimers();
  server.handle((_req, res) => {
    res.writeHead(200);
    res.write('a');
    setImmediate(() => res.end('b'));
  });
  const client = withTimeouts(base, { stallMs: 100, timers });
  const res = await client({ method: 'GET', url: `${server.url}/slow-reader` });
  let text = '';
  for await (const piece of res.body) {
    text += new TextDecoder().decode(piece);
    timers.advance(10_000);
  }
  assert.equal(text, 'ab');
});

test('an upload restarts the headers clock with every piece it sends', async () => {
  const timers = manualTimers();
  server.handle((_req, res, seen) => res.end(String(seen.body.length)));
  const client = withTimeouts(base, { headersMs: 1000, timers });
  const body = replayable(function* () {
    for (let i = 0; i < 5; i++) {
      // Each piece is taken just before the deadline: 5 s in all, longer than headersMs.
      timers.advance(999);
      yield new Uint8Array(1024);
    }
  }, 5 * 1024);
  const res = await client({ method: 'PUT', url: `${server.url}/upload`, body });
  assert.equal(await readText(res), String(5 * 1024));
});

test('a headers deadline that passes while sending is ETIMEOUT', async () => {
  const timers = manualTimers();
  server.handle((_req, res) => res.end());
  const client = withTimeouts(base, { headersMs: 1000, timers });
  const body = replayable(function* () {
    yield new Uint8Array(10);
    timers.advance(1000);
    yield new Uint8Array(10);
  }, 20);
  await assert.rejects(client({ method: 'PUT', url: `${server.url}/upload`, body }), code('ETIMEOUT'));
});

test('the caller aborting is EABORTED, not a timeout', async () => {
  server.handle(() => {});
  const controller = new AbortController();
  const client = withTimeouts(base, { headersMs: 60_000 });
  const p = client({ method: 'GET', url: `${server.url}/hang`, signal: controller.signal });
  controller.abort();
  await assert.rejects(p, code('EABORTED'));
});

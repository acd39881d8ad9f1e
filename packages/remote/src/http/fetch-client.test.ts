import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createFetchClient } from './fetch-client.js';
import { readText } from './response.js';
import { replayable } from './body.js';
import { RemoteError } from '../errors.js';
import { startTestServer, type TestServer } from '../testing/http-server.js';

let server: TestServer;
const client = createFetchClient({ fetch: globalThis.fetch });

before(async () => {
  server = await startTestServer((_req, res) => res.end());
});
after(() => server.close());

async function failure(p: Promise<unknown>): Promise<RemoteError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof RemoteError, `expected a RemoteError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a failure');
}

test('a 2xx response streams its body', async () => {
  server.handle((_req, res) => res.end('hello'));
  const res = await client({ method: 'GET', url: `${server.url}/x` });
  assert.equal(res.status, 200);
  assert.equal(await readText(res), 'hello');
});

test('each error status has its stable code', async () => {
  const cases: Array<[number, string]> = [
    [401, 'EUNAUTHORIZED'],
    [403, 'EFORBIDDEN'],
    [404, 'ENOTFOUND'],
    [410, 'ENOTFOUND'],
    [429, 'ERATELIMITED'],
    [500, 'EUNAVAILABLE'],
    [502, 'EUNAVAILABLE'],
    [503, 'EUNAVAILABLE'],
    [504, 'EUNAVAILABLE'],
    [400, 'EHTTP'],
    [501, 'EHTTP'],
  ];
  for (const [status, code] of cases) {
    server.handle((_req, res) => {
      res.writeHead(status);
      res.end();
    });
    const err = await failure(client({ method: 'GET', url: `${server.url}/s` }));
    assert.equal(err.code, code, `HTTP ${status}`);
    assert.equal(err.data.status, status);
  }
});

test('403 says wrong or insufficient credentials, with the server message', async () => {
  server.handle((_req, res) => {
    res.writeHead(403, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ message: 'no write access to alice/p' }));
  });
  const err = await failure(client({ method: 'POST', url: `${server.url}/batch`, body: '{}' }));
  assert.equal(err.code, 'EFORBIDDEN');
  assert.match(err.message, /wrong or insufficient credentials/);
  assert.match(err.message, /no write access to alice\/p/);
});

test('a 401 says whether credentials were sent', async () => {
  server.handle((_req, res) => {
    res.writeHead(401, { 'lfs-authenticate': 'Basic realm="x"' });
    res.end();
  });
  const anonymous = await failure(client({ method: 'GET', url: `${server.url}/a` }));
  assert.match(anonymous.message, /wants credentials/);
  const sent = await failure(client({ method: 'GET', url: `${server.url}/a`, headers: { authorization: 'Basic eDp5' } }));
  assert.match(sent.message, /did not accept the credentials/);
});

test('Retry-After travels with the error for the retry layer', async () => {
  server.handle((_req, res) => {
    res.writeHead(429, { 'retry-after': '7' });
    res.end();
  });
  const err = await failure(client({ method: 'GET', url: `${server.url}/r` }));
  assert.equal(err.data.retryAfter, '7');
});

test('messages show neither user info nor query strings', async () => {
  server.handle((_req, res) => {
    res.writeHead(500);
    res.end();
  });
  const url = new URL(`${server.url}/obj`);
  url.searchParams.set('X-Signature', 'sig-secret');
  const err = await failure(client({ method: 'GET', url: url.href }));
  assert.doesNotMatch(err.message + JSON.stringify(err.data), /sig-secret/);
  assert.match(err.message, /\/obj/);
});

test('a refused connection is ENETWORK', async () => {
  const gone = await startTestServer((_req, res) => res.end());
  await gone.close();
  const err = await failure(client({ method: 'GET', url: `${gone.url}/` }));
  assert.equal(err.code, 'ENETWORK');
});

test('a connection broken mid-body is ENETWORK from the body', async () => {
  server.handle((req, res) => {
    res.writeHead(200, { 'content-length': '1000' });
    res.write('partial');
    setImmediate(() => req.socket.destroy());
  });
  // Whether the break comes before or after the headers reach the client, it is ENETWORK.
  const err = await failure((async () => readText(await client({ method: 'GET', url: `${server.url}/broken` })))());
  assert.equal(err.code, 'ENETWORK');
});

test('a replayable streamed body is sent with its Content-Length', async () => {
  server.handle((_req, res, seen) => res.end(JSON.stringify({ length: seen.headers['content-length'], got: seen.body.toString() })));
  const body = replayable(function* () {
    yield new TextEncoder().encode('abc');
    yield new TextEncoder().encode('def');
  }, 6);
  const res = await client({ method: 'PUT', url: `${server.url}/put`, body });
  assert.deepEqual(JSON.parse(await readText(res)), { length: '6', got: 'abcdef' });
});

test('a one-shot stream is sent chunked', async () => {
  server.handle((_req, res, seen) => res.end(JSON.stringify({ te: seen.headers['transfer-encoding'], got: seen.body.toString() })));
  async function* once() {
    yield new TextEncoder().encode('xyz');
  }
  const res = await client({ method: 'PUT', url: `${server.url}/put`, body: once() });
  assert.deepEqual(JSON.parse(await readText(res)), { te: 'chunked', got: 'xyz' });
});

test('an aborted request is EABORTED', async () => {
  server.handle(() => {
    // Never answers; the abort ends it.
  });
  const controller = new AbortController();
  const p = client({ method: 'GET', url: `${server.url}/hang`, signal: controller.signal });
  controller.abort();
  const err = await failure(p);
  assert.equal(err.code, 'EABORTED');
});

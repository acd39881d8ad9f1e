import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { RemoteError } from '../errors.js';
import { startLfsServer, type LfsTestServer } from '../testing/lfs-server.js';
import { startTestServer } from '../testing/http-server.js';
import { testLfsClient, testBytes } from '../testing/lfs-client.js';
import { lfsEndpoint } from './endpoint.js';

const TOKEN = 'secret-token-91b2';
let server: LfsTestServer;

before(async () => {
  server = await startLfsServer({ users: { alice: TOKEN } });
});
after(() => server.close());

const client = (token = TOKEN) => testLfsClient(lfsEndpoint(server.remote), { user: 'alice', token });

test("the endpoint discovered from the test server's remote is its LFS URL", () => {
  assert.equal(lfsEndpoint(server.remote), server.url);
});

test('a batch request is a POST of the LFS media type with operation, transfers, ref and objects', async () => {
  const { lfs } = await client();
  server.requests.length = 0;
  server.batchRequests.length = 0;
  const oid = server.put(testBytes(10));
  await lfs.batch('download', [{ oid, size: 10 }], { ref: 'refs/heads/main' });
  const seen = server.requests[0]!;
  assert.equal(seen.method, 'POST');
  assert.equal(seen.url, '/alice/project.git/info/lfs/objects/batch');
  assert.equal(seen.headers.accept, 'application/vnd.git-lfs+json');
  assert.equal(seen.headers['content-type'], 'application/vnd.git-lfs+json');
  assert.deepEqual(server.batchRequests[0], {
    operation: 'download',
    transfers: ['basic'],
    ref: { name: 'refs/heads/main' },
    objects: [{ oid, size: 10 }],
    hash_algo: 'sha256',
  });
});

test('uploads: objects the server has come back without actions; others get upload and verify', async () => {
  const { lfs, clock } = await client();
  const present = server.put(testBytes(100, 2));
  const missing = 'a'.repeat(64);
  const { transfer, objects } = await lfs.batch('upload', [
    { oid: `sha256:${present}`, size: 100 },
    { oid: missing, size: 5 },
  ]);
  assert.equal(transfer, 'basic');
  assert.equal(objects[0]!.oid, `sha256:${present}`, 'the oid as the caller gave it');
  assert.equal(objects[0]!.actions, undefined);
  const actions = objects[1]!.actions!;
  assert.match(actions.upload!.href, /\/objects\/a{64}$/);
  assert.match(actions.upload!.header.authorization!, /^RemoteAuth /, 'header names in lower case');
  assert.match(actions.verify!.href, /\/verify$/);
  assert.equal(actions.upload!.expiresAt, undefined);
  assert.ok(clock.now > 0);
});

test('per-object errors stay with their objects', async () => {
  const { lfs } = await client();
  const here = server.put(testBytes(7, 3));
  const { objects } = await lfs.batch('download', [
    { oid: here, size: 7 },
    { oid: 'b'.repeat(64), size: 1 },
    { oid: here.replace(/^./, (c) => (c === 'f' ? 'e' : 'f')), size: 3 },
  ]);
  assert.ok(objects[0]!.actions?.download);
  assert.equal(objects[1]!.error?.code, 'ENOTFOUND');
  assert.match(objects[1]!.error!.message, /does not exist/);
  assert.equal(objects[2]!.error?.code, 'ENOTFOUND');
});

test('more than 100 objects are split into requests of at most 100; duplicates go once', async () => {
  const { lfs } = await client();
  server.batchRequests.length = 0;
  const objects = Array.from({ length: 250 }, (_, i) => ({ oid: i.toString(16).padStart(64, '0'), size: i }));
  const { objects: answers } = await lfs.batch('upload', [...objects, objects[0]!, { ...objects[1]!, oid: `sha256:${objects[1]!.oid}` }]);
  assert.deepEqual(server.batchRequests.map((b) => b.objects.length), [100, 100, 50]);
  assert.equal(answers.length, 250);
  assert.deepEqual(answers.map((a) => a.oid), objects.map((o) => o.oid));
});

test('no credentials is EUNAUTHORIZED; a wrong token is EFORBIDDEN, and the token is not in the message', async () => {
  const anonymous = await testLfsClient(server.url);
  await assert.rejects(anonymous.lfs.batch('download', [{ oid: 'c'.repeat(64), size: 1 }]), (err: RemoteError) => err.code === 'EUNAUTHORIZED');
  const wrong = await client('not-the-token');
  await assert.rejects(wrong.lfs.batch('upload', [{ oid: 'c'.repeat(64), size: 1 }]), (err: RemoteError) => {
    assert.equal(err.code, 'EFORBIDDEN');
    assert.match(err.message, /wrong or insufficient credentials/);
    assert.ok(!err.message.includes('not-the-token'));
    return true;
  });
});

test('a rate-limited or failing batch is retried, honouring Retry-After', async () => {
  const { lfs, delays } = await client();
  server.fail({ path: /objects\/batch$/, status: 429, headers: { 'retry-after': '2' } });
  server.fail({ path: /objects\/batch$/, status: 503 });
  const { objects } = await lfs.batch('upload', [{ oid: 'd'.repeat(64), size: 1 }]);
  assert.ok(objects[0]!.actions?.upload);
  assert.equal(delays[0], 2000);
  assert.equal(delays.length, 2);
});

test('answers that break the protocol are EPROTOCOL', async () => {
  const answers: Array<[string, string | undefined]> = [
    ['<html>not json</html>', 'text/html'],
    ['{"objects": "nope"}', 'application/vnd.git-lfs+json'],
    ['{"transfer": "tus", "objects": []}', 'application/vnd.git-lfs+json'],
    [`{"objects": [{"oid": "${'e'.repeat(64)}", "actions": {"download": {"href": "ftp://x"}}}]}`, 'application/json'],
  ];
  const fake = await startTestServer(() => {});
  try {
    for (const [body, type] of answers) {
      fake.handle((_req, res) => {
        res.writeHead(200, type ? { 'content-type': type } : {});
        res.end(body);
      });
      const { lfs } = await testLfsClient(`${fake.url}/lfs`);
      await assert.rejects(
        lfs.batch('download', [{ oid: 'e'.repeat(64), size: 1 }]),
        (err: RemoteError) => err.code === 'EPROTOCOL' || assert.fail(`${body}: ${err.code} ${err.message}`),
      );
    }
    // An object the server forgot to answer for is that object's error.
    fake.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/vnd.git-lfs+json; charset=utf-8' });
      res.end('{"objects": []}');
    });
    const { lfs } = await testLfsClient(`${fake.url}/lfs`);
    const { objects } = await lfs.batch('download', [{ oid: 'e'.repeat(64), size: 1 }]);
    assert.equal(objects[0]!.error?.code, 'EPROTOCOL');
  } finally {
    await fake.close();
  }
});

test('malformed oids and sizes are EINVAL before anything is sent', async () => {
  const { lfs } = await client();
  for (const object of [{ oid: 'sha256:XYZ', size: 1 }, { oid: 'A'.repeat(64), size: 1 }, { oid: 'f'.repeat(64), size: -1 }, { oid: 'f'.repeat(64), size: 1.5 }]) {
    await assert.rejects(lfs.batch('upload', [object]), (err: RemoteError) => err.code === 'EINVAL');
  }
});

// Graceful shutdown: SIGTERM while an upload is in flight. The hub stops taking connections,
// the upload finishes and is stored whole, then the process exits 0; a restart serves it.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { rm } from 'node:fs/promises';
import { addUser, createProject, startHubProcess, stats, type HubProcess } from './support/hub-process.js';

const hubs: HubProcess[] = [];
after(async () => {
  for (const h of hubs) await h.stop();
  if (hubs[0]) await rm(hubs[0].root, { recursive: true, force: true });
});

const refused = (url: string): Promise<boolean> =>
  fetch(`${url}/healthz`).then(
    () => false,
    () => true,
  );

test('an upload in flight at SIGTERM completes; new connections are refused; exit 0', async () => {
  const hub = await startHubProcess();
  hubs.push(hub);
  const token = await addUser(hub, 'alice');
  await createProject(hub, token, 'alice/p');
  const bytes = randomBytes(40 << 20);
  const oid = createHash('sha256').update(bytes).digest('hex');
  const { hostname, port } = new URL(hub.url);

  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(
      {
        host: hostname,
        port,
        method: 'PUT',
        path: `/alice/p.git/info/lfs/objects/${oid}?size=${bytes.length}`,
        headers: { authorization: `Bearer ${token}`, 'content-length': String(bytes.length) },
        agent: false,
      },
      (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    // Half now; the rest once the hub is draining.
    req.write(bytes.subarray(0, 20 << 20));
    void (async () => {
      while ((await stats(hub)).writesInFlight === 0) await new Promise((r) => setTimeout(r, 10));
      hub.child.kill('SIGTERM');
      while (!(await refused(hub.url))) await new Promise((r) => setTimeout(r, 10));
      req.end(bytes.subarray(20 << 20));
    })().catch(reject);
  });

  const { status, body } = await answer;
  assert.equal(status, 200, body);
  assert.equal(await hub.stop(), 0);

  const restarted = await startHubProcess({ root: hub.root });
  hubs.push(restarted);
  const res = await fetch(`${restarted.url}/alice/p.git/info/lfs/objects/${oid}`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200);
  const back = Buffer.from(await res.arrayBuffer());
  assert.equal(back.length, bytes.length);
  assert.equal(createHash('sha256').update(back).digest('hex'), oid);
});

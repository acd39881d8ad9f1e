// startHub and close(): past the grace period, an upload still in flight is cut and rolled back
// (its packs deleted), and close() resolves only once that is done.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHub } from './main.js';

async function files(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) out.push(join(e.parentPath ?? e.path, e.name));
  return out;
}

test('close() after the grace period cuts an upload in flight, and nothing of it stays', async () => {
  const data = await mkdtemp(join(tmpdir(), 'xetcache-hub-main-'));
  try {
    const admin = 'xct_main_test_admin_token';
    const running = await startHub({ port: 0, host: '127.0.0.1', data, adminToken: admin, durable: false, graceMs: 50, log: () => undefined, hub: { packSize: 1 << 20 } });
    const headers = { authorization: `Bearer ${admin}`, 'content-type': 'application/json' };
    assert.equal((await fetch(`${running.url}/api/projects`, { method: 'POST', headers, body: JSON.stringify({ name: 'admin/p' }) })).status, 201);

    const bytes = randomBytes(24 << 20);
    const oid = createHash('sha256').update(bytes).digest('hex');
    const packs = join(data, 'storage', 'v1', 'chunks', 'packs');
    const req = request(`${running.url}/admin/p.git/info/lfs/objects/${oid}`, { method: 'PUT', headers: { authorization: headers.authorization, 'content-length': String(bytes.length) } });
    const cut = new Promise<string>((resolve) => {
      req.on('error', (err) => resolve((err as NodeJS.ErrnoException).code ?? 'error'));
      req.on('response', (res) => resolve(`answered ${res.statusCode}`));
    });
    // The chunker works in 8 MiB blocks: 20 MiB in, some packs (1 MiB each here) are out.
    req.write(bytes.subarray(0, 20 << 20));
    while ((await files(packs).catch(() => [])).length < 2) await new Promise((r) => setTimeout(r, 10));
    await running.close();
    assert.match(await cut, /ECONNRESET|EPIPE|socket hang up/);
    const left = (await files(join(data, 'storage'))).filter((f) => /\/(chunks|values)\//.test(f));
    assert.deepEqual(left, [], 'the cut upload left no pack, index or manifest');
  } finally {
    await rm(data, { recursive: true, force: true });
  }
});

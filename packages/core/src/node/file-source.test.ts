import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFilePieces } from './file-source.js';
import { seededBytes } from '../testing/random.js';

const dir = await mkdtemp(join(tmpdir(), 'xetcache-source-'));
after(() => rm(dir, { recursive: true, force: true }));

/** Collects the pieces, copying each before asking for the next (they are reused). */
async function collect(it: AsyncIterable<Uint8Array>): Promise<{ bytes: Buffer; pieces: number }> {
  const parts: Buffer[] = [];
  for await (const piece of it) parts.push(Buffer.from(piece));
  return { bytes: Buffer.concat(parts), pieces: parts.length };
}

test('a file comes back whole, in pieces of the given size, whatever the reads in flight', async () => {
  const pieceSize = 1000;
  for (const size of [0, 1, 999, 1000, 1001, 3005, 10_000]) {
    const data = seededBytes(size, size);
    const file = join(dir, `f${size}`);
    await writeFile(file, data);
    for (const ahead of [1, 2, 5]) {
      const { bytes, pieces } = await collect(readFilePieces(file, { pieceSize, ahead }));
      assert.ok(bytes.equals(data), `${size} bytes, ${ahead} ahead`);
      assert.equal(pieces, Math.ceil(size / pieceSize), `${size} bytes, ${ahead} ahead`);
    }
  }
});

test('a reader that stops early releases the file', { skip: process.platform !== 'linux' }, async () => {
  const file = join(dir, 'early');
  await writeFile(file, seededBytes(1, 50_000));
  const before = (await readdir('/proc/self/fd')).length;
  for await (const piece of readFilePieces(file, { pieceSize: 1000, ahead: 3 })) {
    assert.equal(piece.length, 1000);
    break;
  }
  assert.equal((await readdir('/proc/self/fd')).length, before);
});

test('a missing file fails with ENOENT', async () => {
  await assert.rejects(collect(readFilePieces(join(dir, 'nope'))), { code: 'ENOENT' });
});

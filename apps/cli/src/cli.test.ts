import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getChunks, fileHash, hashToHex } from '@huggingface/xetchunk-wasm';

const here = dirname(fileURLToPath(import.meta.url));
const bin = join(here, 'bin.ts');
const home = await mkdtemp(join(tmpdir(), 'xetcache-cli-'));
after(() => rm(home, { recursive: true, force: true }));

function xetcache(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', bin, ...args],
      { env: { PATH: process.env.PATH, HOME: home, XETCACHE_HOME: join(home, 'cache') }, maxBuffer: 64 << 20 },
      (err, stdout, stderr) => resolve({ code: err ? (err.code as number) : 0, stdout, stderr }),
    );
  });
}

function data(size: number, seed: number): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

test('hash --json prints oid, size, Xet hash and chunks identical to the reference', async () => {
  const bytes = data(700_000, 1);
  const file = join(home, 'value.bin');
  await writeFile(file, bytes);
  const { code, stdout, stderr } = await xetcache(['hash', file, '--json']);
  assert.equal(code, 0, stderr);
  const out = JSON.parse(stdout);
  const ref = getChunks(bytes);
  assert.equal(out.oid, `sha256:${createHash('sha256').update(bytes).digest('hex')}`);
  assert.equal(out.size, bytes.length);
  assert.equal(out.xetHash, hashToHex(fileHash(ref)));
  assert.deepEqual(out.chunks, ref.map((c) => ({ hash: hashToHex(c.hash), length: c.length })));
  assert.equal(stderr, '');
});

test('hash of an empty file', async () => {
  const file = join(home, 'empty');
  await writeFile(file, '');
  const { code, stdout } = await xetcache(['hash', file, '--json']);
  assert.equal(code, 0);
  const out = JSON.parse(stdout);
  assert.equal(out.oid, 'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  assert.equal(out.size, 0);
  assert.equal(out.xetHash, '0'.repeat(64));
  assert.deepEqual(out.chunks, []);
});

test('hash without --json prints one field per line', async () => {
  const file = join(home, 'small');
  await writeFile(file, 'hello\n');
  const { code, stdout } = await xetcache(['hash', file]);
  assert.equal(code, 0);
  assert.match(stdout, /^oid +sha256:5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03\nsize +6\nxetHash +[0-9a-f]{64}\nchunks +1\n$/);
});

test('failures: one line on stderr, exit 1; usage errors exit 2', async () => {
  const missing = await xetcache(['hash', join(home, 'nope')]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /^xetcache: cannot read .*nope: no such file\n$/);
  assert.equal(missing.stdout, '');
  await mkdir(join(home, 'adir'), { recursive: true });
  const dir = await xetcache(['hash', join(home, 'adir')]);
  assert.equal(dir.code, 1);
  assert.match(dir.stderr, /not a regular file/);
  for (const args of [['hash'], ['hash', 'a', 'b'], ['hash', '--bogus', 'x'], ['frobnicate'], []]) {
    const r = await xetcache(args);
    assert.equal(r.code, 2, `${args.join(' ')} exits 2`);
  }
  const unknown = await xetcache(['frobnicate']);
  assert.equal(unknown.stderr, "xetcache: unknown command 'frobnicate'; see 'xetcache --help'\n");
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { frameHeader, indexRanges, readFrames } from './frames.js';

const hash = (c: string) => c.repeat(64);

async function* pieces(bytes: Uint8Array, size: number) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

function body(frames: Array<[string, Uint8Array]>): Uint8Array {
  const parts = frames.flatMap(([h, b]) => [frameHeader(h, b.length), b]);
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

test('indexes become inclusive ranges', () => {
  assert.equal(indexRanges([0, 1, 2, 3, 4, 9, 12, 13, 14, 15]), '0-4,9,12-15');
  assert.equal(indexRanges([7]), '7');
  assert.equal(indexRanges([]), '');
});

test('frames are read back whatever the pieces the body arrives in', async () => {
  const frames: Array<[string, Uint8Array]> = [
    [hash('a'), new Uint8Array([1, 2, 3])],
    [hash('b'), new Uint8Array(1000).fill(9)],
  ];
  for (const size of [1, 7, 36, 5000]) {
    const out = [];
    for await (const f of readFrames(pieces(body(frames), size))) out.push([f.hash, f.bytes]);
    assert.deepEqual(out, frames);
  }
});

test('a body cut mid-frame is a protocol error, not a short chunk', async () => {
  const whole = body([[hash('c'), new Uint8Array(100)]]);
  await assert.rejects(
    (async () => {
      for await (const _ of readFrames(pieces(whole.subarray(0, 80), 10))) void _;
    })(),
    (err: Error & { code?: string }) => err.code === 'EPROTOCOL',
  );
});

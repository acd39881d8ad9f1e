// The behaviour every StoreFs backend shares; each backend's test file runs this suite.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StoreFs } from '../store/fs/port.js';
import { writeFileAtomic } from '../store/fs/port.js';

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | undefined) => (b ? new TextDecoder().decode(b) : undefined);

export function storeFsConformance(name: string, make: () => Promise<StoreFs>): void {
  test(`${name}: a written file is invisible until commit, then whole`, async () => {
    const fs = await make();
    const w = await fs.createWriter('a/b/file');
    await w.write(bytes('hello '));
    await w.write(bytes('world'));
    assert.equal(w.size, 11);
    assert.equal(await fs.readFile('a/b/file'), undefined);
    assert.deepEqual(await fs.list('a/b'), []);
    await w.commit();
    assert.equal(text(await fs.readFile('a/b/file')), 'hello world');
    assert.deepEqual(await fs.list('a'), ['b']);
    assert.equal((await fs.stat('a/b/file'))?.size, 11);
  });

  test(`${name}: abort leaves the path as it was`, async () => {
    const fs = await make();
    await writeFileAtomic(fs, 'x', bytes('old'));
    const w = await fs.createWriter('x');
    await w.write(bytes('new bytes'));
    await w.abort();
    assert.equal(text(await fs.readFile('x')), 'old');
    await assert.rejects(w.write(bytes('late')));
  });

  test(`${name}: commit replaces an existing file atomically`, async () => {
    const fs = await make();
    await writeFileAtomic(fs, 'x', bytes('one'));
    await writeFileAtomic(fs, 'x', bytes('two'), { durable: true });
    assert.equal(text(await fs.readFile('x')), 'two');
  });

  test(`${name}: the caller may reuse a buffer once write resolves`, async () => {
    const fs = await make();
    const buf = bytes('aaaa');
    const w = await fs.createWriter('reuse');
    await w.write(buf);
    buf.fill(98);
    await w.write(buf);
    await w.commit();
    assert.equal(text(await fs.readFile('reuse')), 'aaaabbbb');
  });

  test(`${name}: large writes round-trip`, async () => {
    const fs = await make();
    const big = new Uint8Array(9 * 1024 * 1024).map((_, i) => (i * 7) & 255);
    const w = await fs.createWriter('big');
    await w.write(big.subarray(0, 100));
    await w.write(big.subarray(100, 5 * 1024 * 1024));
    await w.write(big.subarray(5 * 1024 * 1024));
    await w.commit();
    assert.deepEqual(await fs.readFile('big'), big);
  });

  test(`${name}: readRange reads a slice, short at the end, ENOTFOUND when missing`, async () => {
    const fs = await make();
    await writeFileAtomic(fs, 'r', bytes('0123456789'));
    assert.equal(text(await fs.readRange('r', 2, 3)), '234');
    assert.equal(text(await fs.readRange('r', 8, 10)), '89');
    await assert.rejects(fs.readRange('missing', 0, 1), { code: 'ENOTFOUND' });
  });

  test(`${name}: missing files read as undefined and remove quietly`, async () => {
    const fs = await make();
    assert.equal(await fs.readFile('nope'), undefined);
    assert.equal(await fs.stat('nope'), undefined);
    assert.deepEqual(await fs.list('no/such/dir'), []);
    await fs.remove('nope');
  });

  test(`${name}: list, remove and move`, async () => {
    const fs = await make();
    await writeFileAtomic(fs, 'd/one', bytes('1'));
    await writeFileAtomic(fs, 'd/two', bytes('2'));
    assert.deepEqual(await fs.list('d'), ['one', 'two']);
    await fs.move('d/one', 'q/one');
    assert.deepEqual(await fs.list('d'), ['two']);
    assert.equal(text(await fs.readFile('q/one')), '1');
    await fs.remove('d/two');
    assert.deepEqual(await fs.list('d'), []);
    await assert.rejects(fs.move('d/none', 'q/none'), { code: 'ENOTFOUND' });
  });

  test(`${name}: createExclusive creates once`, async () => {
    const fs = await make();
    assert.equal(await fs.createExclusive('locks/l', bytes('me')), true);
    assert.equal(await fs.createExclusive('locks/l', bytes('you')), false);
    assert.equal(text(await fs.readFile('locks/l')), 'me');
  });

  test(`${name}: sweepTemp never touches published files`, async () => {
    const fs = await make();
    await writeFileAtomic(fs, 'keep', bytes('k'));
    await fs.sweepTemp(Date.now() + 60_000);
    assert.equal(text(await fs.readFile('keep')), 'k');
  });
}

// One suite every storage backend passes: the memory twin, the filesystem, and any later one
// (S3). Registers node:test tests under the backend's name.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BlobStore } from '../port.js';
import { collect } from '../port.js';

export interface ConformanceTarget {
  name: string;
  /** A fresh, empty store, and how to dispose of it. */
  open(): Promise<{ store: BlobStore; close(): Promise<void> }>;
}

const text = (s: string) => new TextEncoder().encode(s);
const str = (b: Uint8Array | undefined) => (b ? new TextDecoder().decode(b) : undefined);

async function getString(store: BlobStore, key: string, range?: { offset: number; length: number }): Promise<string | undefined> {
  const body = await store.get(key, range);
  return body && str(await collect(body));
}

async function* pieces(parts: string[], failAfter?: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < parts.length; i++) {
    if (failAfter !== undefined && i === failAfter) throw new Error('the body broke off');
    yield text(parts[i]!);
  }
}

export function blobStoreConformance(target: ConformanceTarget): void {
  const withStore = (name: string, fn: (store: BlobStore) => Promise<void>) =>
    test(`${target.name}: ${name}`, async () => {
      const { store, close } = await target.open();
      try {
        await fn(store);
      } finally {
        await close();
      }
    });

  withStore('put and read back, whole and streamed', async (store) => {
    assert.equal(await store.put('a/b/c', text('hello')), true);
    assert.equal(str(await store.read('a/b/c')), 'hello');
    assert.equal(await getString(store, 'a/b/c'), 'hello');
    assert.deepEqual(await store.stat('a/b/c'), { size: 5 });
    assert.equal(await store.put('streamed', pieces(['one ', 'two ', 'three'])), true);
    assert.equal(str(await store.read('streamed')), 'one two three');
  });

  withStore('missing blobs are undefined, not errors', async (store) => {
    assert.equal(await store.read('nope'), undefined);
    assert.equal(await store.get('nope'), undefined);
    assert.equal(await store.get('no/such/key', { offset: 0, length: 3 }), undefined);
    assert.equal(await store.stat('nope'), undefined);
    await store.delete('nope');
  });

  withStore('an empty blob is a blob', async (store) => {
    await store.put('empty', new Uint8Array(0));
    assert.deepEqual(await store.stat('empty'), { size: 0 });
    assert.equal(await getString(store, 'empty'), '');
    assert.equal((await store.read('empty'))?.length, 0);
  });

  withStore('ranges: inside, at the end, past the end', async (store) => {
    await store.put('r', text('0123456789'));
    assert.equal(await getString(store, 'r', { offset: 2, length: 3 }), '234');
    assert.equal(await getString(store, 'r', { offset: 7, length: 10 }), '789');
    assert.equal(await getString(store, 'r', { offset: 0, length: 10 }), '0123456789');
    assert.equal(await getString(store, 'r', { offset: 10, length: 4 }), '');
  });

  withStore('put replaces; ifAbsent keeps what is there', async (store) => {
    await store.put('k', text('first'));
    await store.put('k', text('second'));
    assert.equal(str(await store.read('k')), 'second');
    assert.equal(await store.put('k', text('third'), { ifAbsent: true }), false);
    assert.equal(str(await store.read('k')), 'second');
    assert.equal(await store.put('new', text('x'), { ifAbsent: true }), true);
  });

  withStore('racing ifAbsent puts: exactly one wins', async (store) => {
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => store.put('race', pieces(['writer ', String(i)]), { ifAbsent: true })));
    assert.equal(results.filter(Boolean).length, 1);
    const winner = results.indexOf(true);
    assert.equal(str(await store.read('race')), `writer ${winner}`);
  });

  withStore('a body that fails leaves nothing, and the old blob intact', async (store) => {
    await assert.rejects(store.put('broken', pieces(['a', 'b', 'c'], 2)));
    assert.equal(await store.stat('broken'), undefined);
    assert.deepEqual(await collectKeys(store, ''), []);
    await store.put('kept', text('old'));
    await assert.rejects(store.put('kept', pieces(['new', 'er'], 1)));
    assert.equal(str(await store.read('kept')), 'old');
  });

  withStore('list by prefix, sorted as strings, nested keys included', async (store) => {
    for (const k of ['p/b', 'p/a/2', 'p/a/1', 'p.x', 'q/1', 'pa/1']) await store.put(k, text(k));
    assert.deepEqual(await collectKeys(store, 'p/'), ['p/a/1', 'p/a/2', 'p/b']);
    assert.deepEqual(await collectKeys(store, 'p/a'), ['p/a/1', 'p/a/2']);
    assert.deepEqual(await collectKeys(store, 'p'), ['p.x', 'p/a/1', 'p/a/2', 'p/b', 'pa/1']);
    assert.deepEqual(await collectKeys(store, ''), ['p.x', 'p/a/1', 'p/a/2', 'p/b', 'pa/1', 'q/1']);
    assert.deepEqual(await collectKeys(store, 'zzz/'), []);
  });

  withStore('delete removes one blob only', async (store) => {
    await store.put('d/1', text('1'));
    await store.put('d/2', text('2'));
    await store.delete('d/1');
    assert.equal(await store.stat('d/1'), undefined);
    assert.deepEqual(await collectKeys(store, 'd/'), ['d/2']);
  });

  withStore('keys that could escape the store are refused', async (store) => {
    for (const bad of ['../x', 'a/../../x', '/abs', 'a//b', '.hidden', 'a/.tmp/x', 'a/', '', 'a\\b', 'a/..', '%2e%2e/x', 'a b']) {
      await assert.rejects(store.put(bad, text('x')), `put ${JSON.stringify(bad)}`);
      await assert.rejects(store.read(bad), `read ${JSON.stringify(bad)}`);
      await assert.rejects(store.delete(bad), `delete ${JSON.stringify(bad)}`);
    }
    await assert.rejects(collectKeys(store, '../'));
    assert.deepEqual(await collectKeys(store, ''), []);
  });

  withStore('large blobs stream in and out', async (store) => {
    const piece = new Uint8Array(1 << 20).map((_, i) => i % 251);
    async function* big() {
      for (let i = 0; i < 9; i++) yield piece;
    }
    await store.put('big', big());
    assert.deepEqual(await store.stat('big'), { size: 9 << 20 });
    const tail = await collect((await store.get('big', { offset: (9 << 20) - 10, length: 100 }))!);
    assert.deepEqual([...tail], [...piece.subarray(piece.length - 10)]);
  });
}

async function collectKeys(store: BlobStore, prefix: string): Promise<string[]> {
  const out: string[] = [];
  for await (const k of store.list(prefix)) out.push(k);
  return out;
}

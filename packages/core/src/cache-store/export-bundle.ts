// Write entries and their values as a tar stream. Values stream from the chunk store, so memory
// stays flat however large they are.

import * as tar from 'tar-stream';
import { XetcacheError } from '../errors.js';
import { encodeEntry, type EntryMeta } from '../project/entry.js';
import { BUNDLE_FORMAT_VERSION, BUNDLE_HEADER, entryPath, objectPath } from './bundle-format.js';
import type { CacheStoreDeps } from './context.js';
import { readBytes } from './lookup.js';

type Sink = ReturnType<tar.Pack['entry']>;

function waitDrain(sink: Sink): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => {
      sink.off('drain', done);
      sink.off('error', fail);
      resolve();
    };
    const fail = (err: unknown) => {
      sink.off('drain', done);
      reject(err instanceof Error ? err : new Error(String(err)));
    };
    sink.on('drain', done);
    sink.on('error', fail);
  });
}

async function addEntry(pack: tar.Pack, header: Parameters<tar.Pack['entry']>[0], body: AsyncIterable<Uint8Array> | Uint8Array): Promise<void> {
  let finished!: Promise<void>;
  const sink = await new Promise<Sink>((resolve) => {
    finished = new Promise<void>((done, fail) => {
      resolve(pack.entry(header, (err) => (err ? fail(err) : done())));
    });
  });
  if (body instanceof Uint8Array) {
    sink.end(body);
  } else {
    // Pieces from the store may be reused buffers: copy before handing them to the stream.
    for await (const piece of body) if (!sink.write(piece.slice())) await waitDrain(sink);
    sink.end(undefined);
  }
  await finished;
}

const text = (s: string) => new TextEncoder().encode(s);

export async function* exportBundle(deps: CacheStoreDeps, keys: readonly string[]): AsyncGenerator<Uint8Array> {
  const metas: EntryMeta[] = [];
  for (const key of new Set(keys)) {
    const meta = await deps.project.read(key);
    if (!meta) throw new XetcacheError('ENOTFOUND', `no entry ${JSON.stringify(key)} to export`, { key });
    metas.push(meta);
  }
  const objects = new Map(metas.map((m) => [m.oid, m]));
  // Make sure every value is here before the archive starts, so a failure leaves no partial file.
  for (const meta of objects.values()) {
    if (!(await deps.store.has(meta.oid))) {
      if (!deps.fetchValue) await readBytes(deps, meta);
      else await deps.fetchValue(meta);
    }
  }
  const pack = tar.pack();
  const mtime = new Date(0);
  const produce = (async () => {
    const header = JSON.stringify({ format: BUNDLE_FORMAT_VERSION, entries: metas.length, objects: objects.size });
    await addEntry(pack, { name: BUNDLE_HEADER, mtime, size: text(header).length }, text(header));
    for (const meta of objects.values()) {
      await addEntry(pack, { name: objectPath(meta.oid), mtime, size: meta.size }, await deps.store.get(meta.oid));
    }
    let n = 0;
    for (const meta of metas) {
      const body = text(encodeEntry(meta));
      await addEntry(pack, { name: entryPath(n++), mtime, size: body.length }, body);
    }
    pack.finalize();
  })().catch((err: unknown) => {
    pack.destroy(err instanceof Error ? err : new Error(String(err)));
    throw err;
  });
  produce.catch(() => {});
  for await (const chunk of pack) yield chunk as Uint8Array;
  await produce;
}

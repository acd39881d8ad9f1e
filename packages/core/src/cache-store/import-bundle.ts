// Read an export bundle: store each object (checked against its oid while it streams in), then
// record the entries. A bundle that is damaged or names an object it lacks records nothing.

import * as tar from 'tar-stream';
import type { ByteSource } from '../chunking/chunker.js';
import { XetcacheError } from '../errors.js';
import { decodeEntry, type EntryMeta } from '../project/entry.js';
import { BUNDLE_FORMAT_VERSION, BUNDLE_HEADER, ENTRY_PATH, OBJECT_PATH } from './bundle-format.js';
import type { CacheStoreDeps } from './context.js';

export interface ImportReport {
  /** Keys recorded in the project. */
  keys: string[];
  /** Values stored, and the bytes the chunk store actually added (dedup leaves the rest). */
  objects: number;
  newBytes: number;
}

function bad(what: string): never {
  throw new XetcacheError('EBADFORMAT', `not a xetcache bundle: ${what}`);
}

async function* pieces(source: ByteSource): AsyncGenerator<Uint8Array> {
  if (source instanceof Uint8Array) yield source;
  else yield* source as AsyncIterable<Uint8Array>;
}

// Resolves on drain, or when the extractor is torn down (a reader gave up on a bad bundle).
function drained(extract: tar.Extract): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      extract.off('drain', done);
      extract.off('close', done);
      resolve();
    };
    extract.on('drain', done);
    extract.on('close', done);
  });
}

async function feed(extract: tar.Extract, source: ByteSource): Promise<void> {
  for await (const piece of pieces(source)) {
    if (extract.destroyed) return;
    if (!extract.write(piece)) await drained(extract);
  }
  if (!extract.destroyed) extract.end(undefined);
}

async function readAll(entry: AsyncIterable<Uint8Array>, limit: number): Promise<string> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const p of entry) {
    size += p.length;
    if (size > limit) bad('an entry file is larger than metadata can be');
    parts.push(p);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return new TextDecoder().decode(all);
}

export async function importBundle(deps: CacheStoreDeps, source: ByteSource): Promise<ImportReport> {
  const extract = tar.extract();
  const feeding = feed(extract, source).catch((err: unknown) => {
    extract.destroy(err instanceof Error ? err : new Error(String(err)));
  });
  const metas: EntryMeta[] = [];
  const report: ImportReport = { keys: [], objects: 0, newBytes: 0 };
  let sawHeader = false;
  try {
    for await (const entry of extract) {
      const name = entry.header.name;
      if (!sawHeader) {
        if (name !== BUNDLE_HEADER) bad(`it starts with ${JSON.stringify(name)}, not ${BUNDLE_HEADER}`);
        let header: { format?: unknown };
        try {
          header = JSON.parse(await readAll(entry as AsyncIterable<Uint8Array>, 4096)) as { format?: unknown };
        } catch (err) {
          if (err instanceof XetcacheError) throw err;
          bad(`${BUNDLE_HEADER} is not JSON`);
        }
        if (header.format !== BUNDLE_FORMAT_VERSION) bad(`format ${JSON.stringify(header.format)} is not ${BUNDLE_FORMAT_VERSION}`);
        sawHeader = true;
        continue;
      }
      const object = OBJECT_PATH.exec(name);
      if (object) {
        const put = await deps.store.put(entry as AsyncIterable<Uint8Array>, {
          expectOid: `sha256:${object[1]}`,
          expectSize: entry.header.size,
        });
        report.objects++;
        report.newBytes += put.newBytes;
      } else if (ENTRY_PATH.test(name)) {
        metas.push(decodeEntry(await readAll(entry as AsyncIterable<Uint8Array>, 1 << 20), name));
      } else {
        bad(`unexpected file ${JSON.stringify(name)}`);
      }
    }
  } catch (err) {
    extract.destroy();
    await feeding;
    if (err instanceof XetcacheError) throw err;
    throw new XetcacheError('EBADFORMAT', `not a readable xetcache bundle: ${(err as Error).message}`);
  }
  await feeding;
  if (!sawHeader) bad('it is empty');
  for (const meta of metas) {
    if (!(await deps.store.has(meta.oid))) bad(`entry ${JSON.stringify(meta.key)} names ${meta.oid}, which it does not contain`);
  }
  for (const meta of metas) {
    await deps.project.write(meta);
    report.keys.push(meta.key);
  }
  return report;
}

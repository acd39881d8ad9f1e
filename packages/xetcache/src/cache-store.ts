// CacheStore for Node: the core store of a project, opened on first use, plus export and
// import to and from files.

import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type {
  CacheGcOptions,
  CacheGcReport,
  CachePutOptions,
  CacheStats,
  CacheStoreApi,
  CacheVerifyReport,
  DeleteReport,
  EntryMeta,
  ImportReport,
} from '@xetcache/core';
import { defaultRuntime } from './default-runtime.js';
import type { Runtime } from './runtime.js';

export class CacheStore {
  private inner: Promise<CacheStoreApi> | undefined;
  /** The project directory. */
  readonly dir: string;

  /** `project`: a name (owner/name) or a directory; the current project when omitted. */
  constructor(
    project?: string,
    private readonly runtime: Runtime = defaultRuntime(),
  ) {
    const location = runtime.project(project);
    this.dir = location.dir;
  }

  private open(): Promise<CacheStoreApi> {
    this.inner ??= this.runtime.store(this.dir);
    return this.inner;
  }

  async put(key: string, value: unknown, options?: CachePutOptions): Promise<EntryMeta> {
    return (await this.open()).put(key, value, options);
  }
  async get(key: string): Promise<unknown> {
    return (await this.open()).get(key);
  }
  async has(key: string): Promise<boolean> {
    return (await this.open()).has(key);
  }
  async keys(): Promise<string[]> {
    return (await this.open()).keys();
  }
  /** A dry run unless `{ dryRun: false }`: returns what would go. */
  async delete(keys: string | readonly string[], options?: { dryRun?: boolean }): Promise<DeleteReport> {
    return (await this.open()).delete(keys, options);
  }
  async getArtifact(key: string): Promise<EntryMeta | undefined> {
    return (await this.open()).getArtifact(key);
  }

  /** Write the entries and their values to a tar file (replaced only once complete). */
  async export(keys: readonly string[], file: string): Promise<void> {
    const store = await this.open();
    const tmp = `${file}.${process.pid}.partial`;
    try {
      await pipeline(Readable.from(store.exportBundle(keys)), createWriteStream(tmp, { flags: 'wx' }));
      await rename(tmp, file);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }

  async import(file: string): Promise<ImportReport> {
    return (await this.open()).importBundle(createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Uint8Array>);
  }

  async verify(options?: { repair?: boolean }): Promise<CacheVerifyReport> {
    return (await this.open()).verify(options);
  }
  async gc(options?: CacheGcOptions): Promise<CacheGcReport> {
    return (await this.open()).gc(options);
  }
  async stats(): Promise<CacheStats> {
    return (await this.open()).stats();
  }
  /** Commit pending entries now. */
  async flush(): Promise<void> {
    return (await this.open()).flush();
  }
}

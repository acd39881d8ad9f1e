// The process-wide state behind the `xetcache` API: settings, the current project, the shared
// chunk store under XETCACHE_HOME, and one open CacheStore per project directory. Projects are
// flushed (committed) before the process exits naturally; entries of a process that is killed
// stay pending in the working tree and the next process to flush commits them.

import { mkdir, readFile, rename, rm, writeFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  createCacheStore,
  createSerializerRegistry,
  DEFAULT_SETTINGS,
  MEMO_KEY,
  openProject,
  type Blake3,
  type CacheStoreApi,
  type ChunkStore,
  type KeyedHash,
  type MemoRuntime,
  type MemoSettings,
  type SerializerRegistry,
} from '@xetcache/core';
import { createBestBlake3, isProcessAlive, nodeProjectFs, openNodeStore, v8Serializer } from '@xetcache/core/node';
import type { Auth } from '@xetcache/auth';
import type { GitIdentity } from '@xetcache/remote';
import { createNodeAuth } from './auth.js';
import type { Env } from './env.js';
import { defaultProjectSpec, knownProjectsFile, locateProject, storeDir, type ProjectLocation } from './paths.js';
import { hubHttp, hubProjectUrl, projectRemote, valueFetcher, type HubRetry, type ProjectRemote } from './remote.js';
import { cloneInto } from './sync.js';

export interface RuntimeOptions {
  /** Commit delay of projects opened here (ms). */
  commitDelayMs?: number;
  /** Retries of requests to hubs (a background agent that retries on its own schedule wants fewer). */
  hubRetry?: HubRetry;
}

export class Runtime implements MemoRuntime {
  readonly serializers: SerializerRegistry = createSerializerRegistry([v8Serializer]);
  private current: string | undefined;
  private config: MemoSettings = { ...DEFAULT_SETTINGS };
  private stores = new Map<string, Promise<CacheStoreApi>>();
  private opened: CacheStoreApi[] = [];
  private chunkStore: Promise<ChunkStore> | undefined;
  private blake3: Promise<Blake3> | undefined;
  private memoHash: KeyedHash | undefined;
  private exitHook = false;
  private authChain: Auth | undefined;
  private fetched = { values: 0, processed: 0, transferred: 0 };
  /** Who signs commits in a project with a hub remote: the hub account in force there. */
  private identities = new Map<string, GitIdentity>();

  constructor(
    readonly env: Env,
    private readonly options: RuntimeOptions = {},
  ) {}

  settings(): MemoSettings {
    return this.config;
  }

  configure(settings: Partial<MemoSettings>): MemoSettings {
    this.config = { ...this.config, ...Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)) };
    return this.config;
  }

  now(): number {
    return Date.now();
  }

  log(message: string): void {
    process.stderr.write(`${message}\n`);
  }

  private hasher(): Promise<Blake3> {
    this.blake3 ??= createBestBlake3();
    return this.blake3;
  }

  keyHash(): KeyedHash | Promise<KeyedHash> {
    if (this.memoHash) return this.memoHash;
    return this.hasher().then((b) => (this.memoHash = b.keyed(MEMO_KEY)));
  }

  setProject(spec: string): ProjectLocation {
    const location = locateProject(spec, this.env);
    this.current = spec;
    return location;
  }

  project(spec?: string): ProjectLocation {
    return locateProject(spec ?? this.current ?? defaultProjectSpec(this.env), this.env);
  }

  private openChunkStore(): Promise<ChunkStore> {
    this.chunkStore ??= (async () => openNodeStore(storeDir(this.env), { blake3: await this.hasher() }))();
    return this.chunkStore;
  }

  /** The credential chain for this runtime's environment. */
  auth(): Auth {
    this.authChain ??= createNodeAuth(this.env);
    return this.authChain;
  }

  /** The hub in use: XET_ENDPOINT, else the endpoint of the credentials in force; undefined when none is set up. */
  async hubEndpoint(): Promise<string | undefined> {
    if (this.env.vars.XET_ENDPOINT) return this.env.vars.XET_ENDPOINT;
    return (await this.auth().resolveCredentials().catch(() => undefined))?.endpoint;
  }

  /** Values fetched from hubs on first use by this runtime: how many, their bytes, the bytes that crossed the network. */
  fetchedValues(): { values: number; processed: number; transferred: number } {
    return { ...this.fetched };
  }

  /**
   * Who commits to a project: in a project with a hub remote (once opened), the account in force
   * for that hub (login, XET_* variables, ~/.xetconfig or keychain); else XET_USER_NAME/EMAIL, else
   * the OS user at this host.
   */
  author(spec?: string): GitIdentity {
    const known = this.identities.get(this.project(spec).dir);
    if (known) return known;
    const { env } = this;
    return { name: env.vars.XET_USER_NAME || env.user, email: env.vars.XET_USER_EMAIL || `${env.user}@${env.host}` };
  }

  private async learnIdentity(dir: string, remote: ProjectRemote): Promise<void> {
    const { origin, hostname } = new URL(remote.url);
    const credentials = await this.auth()
      .resolveCredentials({ endpoint: origin })
      .catch(() => undefined);
    if (credentials) this.identities.set(dir, { name: credentials.user, email: credentials.email || `${credentials.user}@${hostname}` });
  }

  /** The project's hub remote, or undefined for a project that has none. */
  async remote(spec?: string): Promise<ProjectRemote | undefined> {
    const { dir } = this.project(spec);
    return projectRemote(dir, { auth: this.auth(), store: await this.openChunkStore(), blake3: await this.hasher(), retry: this.options.hubRetry });
  }

  store(spec?: string): Promise<CacheStoreApi> {
    const location = this.project(spec);
    const { dir } = location;
    let opened = this.stores.get(dir);
    if (!opened) {
      opened = this.open(location);
      this.stores.set(dir, opened);
      opened.catch(() => this.stores.delete(dir));
    }
    return opened;
  }

  /**
   * A project named owner/name that is not here yet, with a hub set up: a lazy clone of it, so
   * its entries are usable at once and values come down on first use.
   */
  private async cloneIfOnHub(location: ProjectLocation): Promise<void> {
    if (!location.name) return;
    if (await stat(join(location.dir, '.git', 'HEAD')).then(() => true, () => false)) return;
    const endpoint = await this.hubEndpoint();
    if (!endpoint) return;
    const url = hubProjectUrl(endpoint, location.name);
    // Cloned aside, then moved in: a clone that fails leaves nothing that looks like a project.
    const aside = `${location.dir}.clone-${process.pid}-${Date.now()}`;
    try {
      await cloneInto({ http: hubHttp(this.auth(), url, this.options.hubRetry) }, url, aside, true);
    } catch (err) {
      await rm(aside, { recursive: true, force: true });
      // Not on the hub: a local project of that name, as without a hub.
      const e = err as { code?: string; data?: { statusCode?: number } };
      if (e.code === 'HttpError' && e.data?.statusCode === 404) return;
      throw err;
    }
    await mkdir(dirname(location.dir), { recursive: true });
    await rename(aside, location.dir);
  }

  private async open(location: ProjectLocation): Promise<CacheStoreApi> {
    const { env } = this;
    const { dir } = location;
    await this.cloneIfOnHub(location);
    const blake3 = await this.hasher();
    const remote = await this.remote(dir);
    if (remote) await this.learnIdentity(dir, remote);
    const project = await openProject({
      fs: nodeProjectFs(),
      root: dir,
      blake3,
      author: this.author(dir),
      pid: env.pid,
      isProcessAlive,
      commitDelayMs: this.options.commitDelayMs,
      onError: (err) => this.log(`xetcache: could not commit to ${dir}: ${(err as Error).message}`),
    });
    await this.remember(dir);
    this.hookExit();
    const store = createCacheStore({
      project,
      store: await this.openChunkStore(),
      // Values this machine lacks come from the hub on first use (a lazy clone, or entries pulled).
      ...(remote
        ? {
            fetchValue: valueFetcher(remote, (p) => {
              this.fetched.values++;
              this.fetched.processed += p.processed;
              this.fetched.transferred += p.transferred;
            }),
          }
        : {}),
      serializers: this.serializers,
      producer: `${env.vars.XET_USER_NAME || env.user}@${env.host}`,
      otherLiveOids: () => this.liveOidsOutside(dir),
    });
    this.opened.push(store);
    return store;
  }

  /** Record a project directory, so gc of any project knows which values the others use. */
  private async remember(dir: string): Promise<void> {
    const file = knownProjectsFile(this.env);
    const known = await this.knownProjects();
    if (known.includes(dir)) return;
    known.push(dir);
    await mkdir(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${Date.now()}`;
    await writeFile(tmp, JSON.stringify(known.sort(), null, 2));
    await rename(tmp, file);
  }

  async knownProjects(): Promise<string[]> {
    try {
      const list = JSON.parse(await readFile(knownProjectsFile(this.env), 'utf8')) as unknown;
      return Array.isArray(list) ? list.filter((d): d is string => typeof d === 'string') : [];
    } catch {
      return [];
    }
  }

  private async liveOidsOutside(dir: string): Promise<Set<string>> {
    const oids = new Set<string>();
    for (const other of await this.knownProjects()) {
      if (other === dir) continue;
      const exists = await stat(join(other, '.git', 'HEAD')).then(() => true, () => false);
      if (!exists) continue;
      const store = await this.store(other);
      for (const key of await store.keys()) {
        const meta = await store.getArtifact(key).catch(() => undefined);
        if (meta) oids.add(meta.oid);
      }
    }
    return oids;
  }

  /** Commit every open project now. */
  async flush(): Promise<void> {
    const errors: unknown[] = [];
    for (const opened of this.stores.values()) {
      try {
        await (await opened).flush();
      } catch (err) {
        errors.push(err);
      }
    }
    if (errors.length) throw errors[0];
  }

  async close(): Promise<void> {
    for (const opened of this.stores.values()) await (await opened.catch(() => undefined))?.close();
    this.stores.clear();
    this.opened = [];
  }

  private hookExit(): void {
    if (this.exitHook) return;
    this.exitHook = true;
    let failed = false;
    process.on('beforeExit', () => {
      // beforeExit fires again once the flush's own work drains: flush only when something is new.
      if (failed || !this.opened.some((s) => s.hasUnsaved())) return;
      this.flush().catch((err: unknown) => {
        failed = true;
        this.log(`xetcache: could not commit on exit (entries stay pending): ${(err as Error).message}`);
      });
    });
  }
}

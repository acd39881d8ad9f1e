// A real S3-compatible server for tests and the bench: s3rver 3.7.1 on 127.0.0.1 (an ephemeral
// port), its files in a temp dir removed on close, with one bucket. Three gaps to S3 are filled
// in front of it, so tests hold the hub to what S3 does:
// - it lists keys in directory order, and fails a listing, or a put, while a key is deleted (it
//   removes the folders a delete empties): here keys come sorted as strings, as S3 lists them,
//   a listing that met a deletion is taken again, and deletes wait for puts in progress;
// - its continuation tokens use DES, which Node's OpenSSL 3 refuses, so a listing of more than
//   a page fails: here ListObjectsV2 is answered in front of it (the signature is not checked);
// - it has no AbortMultipartUpload: here it removes the upload's parts;
// - it ignores If-None-Match on writes: with `enforceIfNoneMatch`, a PUT or a multipart
//   completion with `If-None-Match: *` on an existing key gets 412, one writer per key at a time.

import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import type { S3Settings } from '../s3-settings.js';

export interface S3TestServer {
  endpoint: string;
  bucket: string;
  /** s3rver's own files. */
  directory: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Settings for a store under `prefix` in the bucket. */
  settings(prefix?: string): S3Settings;
  /** The environment a hub process needs to use the bucket under `prefix` (SPEC §5). */
  env(prefix?: string): Record<string, string>;
  /** Multipart uploads begun and neither completed nor aborted. */
  pendingUploads(): Promise<number>;
  /** Answer the next `count` PUTs (objects and parts) with 503 SlowDown, after reading their bodies. */
  failNextPuts(count: number): void;
  close(): Promise<void>;
}

export interface S3TestServerOptions {
  bucket?: string;
  enforceIfNoneMatch?: boolean;
  /** The most keys one listing page holds (S3: 1000); small, so tests page through listings. */
  listPageSize?: number;
}

interface KoaContext {
  method: string;
  path: string;
  query: Record<string, unknown>;
  req: AsyncIterable<Buffer>;
  status: number;
  body: unknown;
  type: string;
  get(name: string): string;
  store: {
    existsObject(bucket: string, key: string): Promise<boolean>;
    getBucket(bucket: string): Promise<unknown>;
  };
}
type Middleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void>;

interface FilesystemStore {
  listObjects(bucket: string, options: ListOptions): Promise<ListResult>;
  putObject(object: unknown): Promise<unknown>;
  deleteObject(bucket: string, key: string): Promise<unknown>;
}
interface ListResult {
  objects: Array<{ key: string; size: number; lastModifiedDate: Date; metadata: Record<string, string> }>;
  commonPrefixes: string[];
  isTruncated: boolean;
}
interface ListOptions {
  delimiter?: string;
  startAfter?: string;
  prefix?: string;
  maxKeys?: number;
}

const errorXml = (code: string, message: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;

export async function startS3Server(options: S3TestServerOptions = {}): Promise<S3TestServer> {
  const bucket = options.bucket ?? 'xetcache-test';
  const directory = await mkdtemp(join(tmpdir(), 'xetcache-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket, configs: [] }] });
  const uploadsDir = (b: string) => join(directory, b, '._S3rver_uploads');

  const store = (server as unknown as { store: FilesystemStore }).store;
  // A delete removes the folders it empties, under a put that has just made them: deletes wait
  // for the puts in progress and for each other, and puts for the deletes in progress.
  const putInFolders = store.putObject.bind(store);
  const deleteAndPrune = store.deleteObject.bind(store);
  const puts = new Set<Promise<unknown>>();
  let deleting: Promise<unknown> = Promise.resolve();
  store.putObject = async (object) => {
    await deleting;
    const put = putInFolders(object);
    puts.add(put);
    try {
      return await put;
    } finally {
      puts.delete(put);
    }
  };
  store.deleteObject = (b, key) => {
    const run = deleting.then(async () => {
      await Promise.allSettled([...puts]);
      return deleteAndPrune(b, key);
    });
    deleting = run.catch(() => undefined);
    return run;
  };
  const listInDirectoryOrder = store.listObjects.bind(store);
  store.listObjects = async (b, opts) => {
    if (opts.delimiter) return listInDirectoryOrder(b, opts);
    // Its walk stats what it has just read from a folder: a key deleted meanwhile fails it.
    let all: ListResult | undefined;
    for (let attempt = 0; !all; attempt++) {
      all = await listInDirectoryOrder(b, { ...opts, startAfter: '', maxKeys: Infinity }).catch((err: NodeJS.ErrnoException) => {
        if (err?.code !== 'ENOENT' || attempt >= 20) throw err;
        return undefined;
      });
    }
    const after = opts.startAfter ?? '';
    const keys = all.objects.filter((o) => o.key > after).sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
    const max = opts.maxKeys ?? Infinity;
    return { objects: keys.slice(0, max), commonPrefixes: [], isTruncated: keys.length > max };
  };

  const turns = new Map<string, Promise<unknown>>();
  const inTurn = async (key: string, fn: () => Promise<void>): Promise<void> => {
    const mine = (turns.get(key) ?? Promise.resolve()).then(fn);
    const tail = mine.catch(() => undefined);
    turns.set(key, tail);
    try {
      await mine;
    } finally {
      if (turns.get(key) === tail) turns.delete(key);
    }
  };

  let failPuts = 0;
  const fill: Middleware = async (ctx, next) => {
    const [b = '', ...rest] = decodeURIComponent(ctx.path).slice(1).split('/');
    const key = rest.join('/');
    if (!key && b && ctx.method === 'GET' && ctx.query['list-type'] === '2' && !ctx.query.delimiter) return listV2(ctx, b);
    if (!key) return next();
    if (ctx.method === 'PUT' && failPuts > 0) {
      failPuts--;
      for await (const _ of ctx.req) void _;
      ctx.status = 503;
      ctx.type = 'application/xml';
      ctx.body = errorXml('SlowDown', 'Please reduce your request rate.');
      return;
    }
    const uploadId = typeof ctx.query.uploadId === 'string' ? ctx.query.uploadId : undefined;
    if (ctx.method === 'DELETE' && uploadId !== undefined) {
      const dir = join(uploadsDir(b), uploadId.replace(/[^0-9a-f]/g, ''));
      if (!(await stat(dir).catch(() => undefined))) {
        ctx.status = 404;
        ctx.type = 'application/xml';
        ctx.body = errorXml('NoSuchUpload', 'The specified upload does not exist.');
        return;
      }
      await rm(dir, { recursive: true, force: true });
      ctx.status = 204;
      return;
    }
    const conditional = ctx.get('if-none-match') === '*' && ((ctx.method === 'PUT' && uploadId === undefined) || (ctx.method === 'POST' && uploadId !== undefined));
    if (!options.enforceIfNoneMatch || !conditional) return next();
    await inTurn(`${b}/${key}`, async () => {
      if (await ctx.store.existsObject(b, key)) {
        ctx.status = 412;
        ctx.type = 'application/xml';
        ctx.body = errorXml('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold');
        return;
      }
      await next();
    });
  };
  const pageSize = options.listPageSize ?? 1000;
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  async function listV2(ctx: KoaContext, b: string): Promise<void> {
    if (!(await ctx.store.getBucket(b))) {
      ctx.status = 404;
      ctx.type = 'application/xml';
      ctx.body = errorXml('NoSuchBucket', 'The specified bucket does not exist');
      return;
    }
    const prefix = text(ctx.query.prefix) ?? '';
    const token = text(ctx.query['continuation-token']);
    const startAfter = token ? Buffer.from(token, 'base64url').toString('utf8') : (text(ctx.query['start-after']) ?? '');
    const asked = Number(text(ctx.query['max-keys']) ?? 1000);
    const maxKeys = Math.min(Number.isInteger(asked) && asked >= 0 ? asked : 1000, pageSize);
    const result = await store.listObjects(b, { prefix, startAfter, maxKeys });
    const last = result.objects[result.objects.length - 1];
    // A plain object: s3rver's own middleware (outside this one) writes it as XML.
    ctx.body = {
      ListBucketResult: {
        '@': { xmlns: 'http://doc.s3.amazonaws.com/2006-03-01/' },
        Name: b,
        Prefix: prefix,
        ...(token ? { ContinuationToken: token } : { StartAfter: startAfter || undefined }),
        NextContinuationToken: result.isTruncated && last ? Buffer.from(last.key, 'utf8').toString('base64url') : undefined,
        KeyCount: result.objects.length,
        MaxKeys: asked,
        IsTruncated: result.isTruncated,
        Contents: result.objects.map((o) => ({ Key: o.key, LastModified: o.lastModifiedDate.toISOString(), ETag: o.metadata.etag, Size: o.size, StorageClass: 'STANDARD' })),
      },
    };
  }
  // XETCACHE_S3RVER_DEBUG=1: s3rver's own failures (its 500s) with their stacks, on stderr.
  const front: Middleware = !process.env.XETCACHE_S3RVER_DEBUG
    ? fill
    : async (ctx, next) => {
        try {
          await fill(ctx, next);
        } catch (err) {
          if (!((err as { status?: number }).status! < 500)) process.stderr.write(`s3rver ${ctx.method} ${ctx.path}: ${(err as Error).stack}\n`);
          throw err;
        }
      };
  // After s3rver's logger and its XML writer, before its routes.
  (server as unknown as { middleware: Middleware[] }).middleware.splice(2, 0, front);

  const address = await server.run();
  const endpoint = `http://127.0.0.1:${address.port}`;
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  return {
    endpoint,
    bucket,
    directory,
    credentials,
    settings: (prefix = '') => ({ bucket, prefix, endpoint, region: 'us-east-1', forcePathStyle: true, credentials }),
    env: (prefix = '') => ({
      XETCACHE_HUB_STORAGE: `s3://${bucket}${prefix ? `/${prefix}` : ''}`,
      AWS_ENDPOINT_URL: endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    }),
    async pendingUploads() {
      return (await readdir(uploadsDir(bucket)).catch(() => [])).length;
    },
    failNextPuts(count) {
      failPuts = count;
    },
    async close() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

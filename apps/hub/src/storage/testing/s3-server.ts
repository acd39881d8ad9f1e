// A real S3-compatible server for tests and the bench: s3rver 3.7.1 on 127.0.0.1 (an ephemeral
// port), its files in a temp dir removed on close, with one bucket. Three gaps to S3 are filled
// in front of it, so tests hold the hub to what S3 does:
// - it lists keys in directory order, and fails a listing while a key is deleted: here they
//   come sorted as strings, as S3 lists them, and a listing that met a deletion is taken again;
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
  close(): Promise<void>;
}

export interface S3TestServerOptions {
  bucket?: string;
  enforceIfNoneMatch?: boolean;
}

interface KoaContext {
  method: string;
  path: string;
  query: Record<string, unknown>;
  status: number;
  body: unknown;
  type: string;
  get(name: string): string;
  store: {
    existsObject(bucket: string, key: string): Promise<boolean>;
  };
}
type Middleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void>;

interface ListResult {
  objects: Array<{ key: string }>;
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

  const store = (server as unknown as { store: { listObjects(bucket: string, options: ListOptions): Promise<ListResult> } }).store;
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

  const front: Middleware = async (ctx, next) => {
    const [b = '', ...rest] = decodeURIComponent(ctx.path).slice(1).split('/');
    const key = rest.join('/');
    if (!key) return next();
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
  (server as unknown as { middleware: Middleware[] }).middleware.unshift(front);

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
    async close() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

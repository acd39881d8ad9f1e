// A small standard git-LFS server for the client's tests: the batch API, the basic transfer
// (GET with Range, streamed PUT checked against oid and size) and verify, over objects kept in
// memory, on 127.0.0.1. It follows the spec (docs/api/batch.md, basic-transfers.md) and what
// stock git-lfs expects (shared FACTS), so a client that works here works with other servers.
// Tests can program failures: statuses, Retry-After, connections reset or stalled mid-body,
// Range ignored, bytes corrupted, short-lived actions, storage on another origin.

import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const LFS_TYPE = 'application/vnd.git-lfs+json';

export interface FailureRule {
  method?: string;
  /** Matched against the request path (query excluded). */
  path?: RegExp;
  /** How many matching requests fail; default 1. */
  times?: number;
  /** Answer this status (with a JSON message) instead of handling the request. */
  status?: number;
  headers?: Record<string, string>;
  /** For an object GET: send the headers and this many bytes, then drop the connection. */
  resetAfter?: number;
  /** For an object GET: send the headers and this many bytes, then nothing more. */
  stallAfter?: number;
  /** For an object GET: answer 200 with every byte, whatever Range asked. */
  ignoreRange?: boolean;
  /** For an object GET: flip the bits of the first byte sent. */
  corrupt?: boolean;
}

export interface SeenLfsRequest {
  method: string;
  /** Path and query. */
  url: string;
  origin: 'lfs' | 'storage';
  headers: IncomingMessage['headers'];
}

export interface LfsServerOptions {
  /** Where the LFS API lives; default /alice/project.git/info/lfs. */
  basePath?: string;
  /** user → token; when given, every request needs credentials (401 without, 403 when wrong). */
  users?: Record<string, string>;
  /** Offer verify actions on upload; default true. */
  verify?: boolean;
  /** expires_in for the n-th batch request (from 0); no expiry when undefined. */
  expiresIn?: (batchNumber: number) => number | undefined;
  /** Serve object transfers from a second server (another origin), as storage services do. */
  separateStorage?: boolean;
}

export interface LfsTestServer {
  /** The LFS server URL (what lfsEndpoint gives for the remote below). */
  url: string;
  /** A git remote URL whose LFS endpoint is `url`. */
  remote: string;
  /** The storage origin, when separate. */
  storageUrl?: string;
  objects: Map<string, Buffer>;
  requests: SeenLfsRequest[];
  batchRequests: Array<{ operation: string; transfers?: unknown; ref?: unknown; objects: Array<{ oid: string; size: number }>; hash_algo?: unknown }>;
  fail(rule: FailureRule): void;
  /** Forget failures still programmed. */
  clearFailures(): void;
  /** Store an object directly; returns its oid (hex). */
  put(bytes: Uint8Array): string;
  close(): Promise<void>;
}

const OID = /^[0-9a-f]{64}$/;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': LFS_TYPE, 'content-length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

const message = (res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}) => send(res, status, { message: text }, headers);

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const parts: Buffer[] = [];
  let length = 0;
  for await (const part of req) {
    length += (part as Buffer).length;
    if (length > limit) return undefined;
    parts.push(part as Buffer);
  }
  return Buffer.concat(parts);
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export async function startLfsServer(options: LfsServerOptions = {}): Promise<LfsTestServer> {
  const basePath = (options.basePath ?? '/alice/project.git/info/lfs').replace(/\/+$/, '');
  const objects = new Map<string, Buffer>();
  const requests: SeenLfsRequest[] = [];
  const batchRequests: LfsTestServer['batchRequests'] = [];
  const rules: Array<FailureRule & { left: number }> = [];
  // Tokens handed out in action headers: token → what it allows, until when.
  const grants = new Map<string, { oid: string; op: 'download' | 'upload' | 'verify'; until: number }>();
  let batchNumber = 0;
  let lfsUrl = '';
  let storageUrl = '';

  const basicUser = (req: IncomingMessage): 'none' | 'ok' | 'wrong' => {
    if (!options.users) return 'ok';
    const header = req.headers.authorization;
    if (!header) return 'none';
    const match = /^Basic (.+)$/i.exec(header);
    if (!match) return 'wrong';
    const [user, ...rest] = Buffer.from(match[1]!, 'base64').toString('utf8').split(':');
    return options.users[user!] !== undefined && options.users[user!] === rest.join(':') ? 'ok' : 'wrong';
  };

  /** Whether an object request may go ahead; answers 401/403 itself when not. */
  const allowed = (req: IncomingMessage, res: ServerResponse, oid: string, op: 'download' | 'upload' | 'verify'): boolean => {
    const header = req.headers.authorization ?? '';
    const grant = /^RemoteAuth (.+)$/.exec(header);
    if (grant) {
      const g = grants.get(grant[1]!);
      if (g && g.oid === oid && g.op === op && g.until > Date.now()) return true;
      message(res, 403, 'this link is not valid for that object, or has expired');
      return false;
    }
    const auth = basicUser(req);
    if (auth === 'ok') return true;
    if (auth === 'none') message(res, 401, 'credentials needed', { 'lfs-authenticate': 'Basic realm="lfs-test"' });
    else message(res, 403, 'wrong or insufficient credentials');
    return false;
  };

  const action = (oid: string, op: 'download' | 'upload' | 'verify', href: string, expiresIn: number | undefined) => {
    const token = randomBytes(12).toString('hex');
    // Links stay usable for a while past what they announce, like signed URLs with clock skew.
    grants.set(token, { oid, op, until: Date.now() + Math.max(expiresIn ?? 3600, 60) * 1000 });
    return { href, header: { Authorization: `RemoteAuth ${token}` }, ...(expiresIn === undefined ? {} : { expires_in: expiresIn }) };
  };

  const ruleFor = (req: IncomingMessage): FailureRule | undefined => {
    const path = (req.url ?? '').split('?')[0]!;
    const rule = rules.find((r) => r.left > 0 && (!r.method || r.method === req.method) && (!r.path || r.path.test(path)));
    if (rule) rule.left--;
    return rule;
  };

  async function handleBatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const auth = basicUser(req);
    if (auth === 'none') return message(res, 401, 'credentials needed', { 'lfs-authenticate': 'Basic realm="lfs-test"' });
    if (auth === 'wrong') return message(res, 403, 'wrong or insufficient credentials');
    const accept = req.headers.accept ?? '';
    if (accept && !/application\/vnd\.git-lfs\+json|application\/json|\*\/\*/.test(accept)) return message(res, 406, `Accept must allow ${LFS_TYPE}`);
    if (!/^application\/(vnd\.git-lfs\+)?json/i.test(req.headers['content-type'] ?? '')) return message(res, 422, `Content-Type must be ${LFS_TYPE}`);
    const raw = await readBody(req, 1 << 20);
    if (!raw) return message(res, 413, 'batch request too large');
    let body: { operation?: unknown; transfers?: unknown; ref?: unknown; objects?: unknown; hash_algo?: unknown };
    try {
      body = JSON.parse(raw.toString('utf8')) as typeof body;
    } catch {
      return message(res, 400, 'the body is not JSON');
    }
    const { operation, transfers, objects: asked } = body;
    if (operation !== 'upload' && operation !== 'download') return message(res, 422, 'operation must be upload or download');
    if (!Array.isArray(asked)) return message(res, 422, 'objects must be an array');
    if (asked.length > 100) return message(res, 413, 'at most 100 objects per batch request');
    if (transfers !== undefined && (!Array.isArray(transfers) || !transfers.includes('basic'))) return message(res, 422, 'only the basic transfer is supported');
    if (body.hash_algo !== undefined && body.hash_algo !== 'sha256') return message(res, 409, 'only sha256');
    const list: Array<{ oid: string; size: number }> = [];
    for (const o of asked as unknown[]) {
      const { oid, size } = (o ?? {}) as { oid?: unknown; size?: unknown };
      if (typeof oid !== 'string' || !OID.test(oid) || typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
        return message(res, 422, 'each object is { oid: 64 hex, size: bytes }');
      }
      list.push({ oid, size });
    }
    batchRequests.push({ operation, transfers, ref: body.ref, objects: list, hash_algo: body.hash_algo });
    const expiresIn = options.expiresIn?.(batchNumber++);
    const objectsBase = `${options.separateStorage ? storageUrl : lfsUrl}/objects`;
    const answers = list.map(({ oid, size }) => {
      const have = objects.get(oid);
      if (have && have.length !== size) return { oid, size, error: { code: 422, message: `the object has ${have.length} bytes, not ${size}` } };
      if (operation === 'download') {
        if (!have) return { oid, size, error: { code: 404, message: 'Object does not exist' } };
        return { oid, size, authenticated: true, actions: { download: action(oid, 'download', `${objectsBase}/${oid}`, expiresIn) } };
      }
      if (have) return { oid, size };
      return {
        oid,
        size,
        authenticated: true,
        actions: {
          upload: action(oid, 'upload', `${objectsBase}/${oid}`, expiresIn),
          ...(options.verify === false ? {} : { verify: action(oid, 'verify', `${lfsUrl}/verify`, expiresIn) }),
        },
      };
    });
    send(res, 200, { transfer: 'basic', objects: answers, hash_algo: 'sha256' });
  }

  async function handleVerify(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req, 1 << 16);
    let body: { oid?: unknown; size?: unknown } = {};
    try {
      body = JSON.parse(raw?.toString('utf8') ?? '') as typeof body;
    } catch {
      return message(res, 400, 'the body is not JSON');
    }
    if (typeof body.oid !== 'string' || !OID.test(body.oid)) return message(res, 422, 'oid must be 64 hex');
    if (!allowed(req, res, body.oid, 'verify')) return;
    const have = objects.get(body.oid);
    if (!have || have.length !== body.size) return message(res, 404, 'Object does not exist');
    send(res, 200, {});
  }

  async function handleGet(req: IncomingMessage, res: ServerResponse, oid: string, rule?: FailureRule): Promise<void> {
    if (!allowed(req, res, oid, 'download')) return;
    const have = objects.get(oid);
    if (!have) return message(res, 404, 'Object does not exist');
    let start = 0;
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    if (range && !rule?.ignoreRange && Number(range[1]) < have.length) start = Number(range[1]);
    let bytes = have.subarray(start);
    if (rule?.corrupt && bytes.length) {
      bytes = Buffer.from(bytes);
      bytes[0] = bytes[0]! ^ 0xff;
    }
    const headers: Record<string, string> = { 'content-type': 'application/octet-stream', 'accept-ranges': 'bytes', 'content-length': String(bytes.length) };
    if (start > 0) headers['content-range'] = `bytes ${start}-${have.length - 1}/${have.length}`;
    res.writeHead(start > 0 ? 206 : 200, headers);
    const cut = rule?.resetAfter ?? rule?.stallAfter;
    if (cut === undefined) return void res.end(bytes);
    res.write(bytes.subarray(0, cut), () => {
      if (rule?.resetAfter !== undefined) req.socket.destroy();
      // A stall: the response stays open with nothing more to come, until the client gives up.
    });
  }

  async function handlePut(req: IncomingMessage, res: ServerResponse, oid: string): Promise<void> {
    if (!allowed(req, res, oid, 'upload')) return;
    const hash = createHash('sha256');
    const parts: Buffer[] = [];
    let length = 0;
    for await (const part of req) {
      hash.update(part as Buffer);
      parts.push(part as Buffer);
      length += (part as Buffer).length;
    }
    const declared = req.headers['content-length'];
    // 400, never 422: git-lfs takes a 422 from an upload link as a reason to skip the object.
    if (declared !== undefined && Number(declared) !== length) return message(res, 400, `Content-Length ${declared} but ${length} bytes came`);
    if (hash.digest('hex') !== oid) return message(res, 400, 'the bytes do not hash to the oid');
    objects.set(oid, Buffer.concat(parts));
    res.writeHead(200);
    res.end();
  }

  const route = (origin: 'lfs' | 'storage') => (req: IncomingMessage, res: ServerResponse) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', origin, headers: req.headers });
    const run = async () => {
      const rule = ruleFor(req);
      if (rule?.status !== undefined) {
        await readBody(req, 1 << 30);
        return message(res, rule.status, `programmed failure ${rule.status}`, rule.headers);
      }
      const path = (req.url ?? '').split('?')[0]!;
      const objectPath = origin === 'storage' ? /^\/objects\/([0-9a-f]{64})$/.exec(path) : path.startsWith(`${basePath}/objects/`) ? /\/objects\/([0-9a-f]{64})$/.exec(path) : null;
      if (origin === 'lfs' && path === `${basePath}/objects/batch` && req.method === 'POST') return handleBatch(req, res);
      if (origin === 'lfs' && path === `${basePath}/verify` && req.method === 'POST') return handleVerify(req, res);
      if (objectPath && req.method === 'GET') return handleGet(req, res, objectPath[1]!, rule);
      if (objectPath && req.method === 'PUT') return handlePut(req, res, objectPath[1]!);
      message(res, 404, 'Not found');
    };
    run().catch((err: unknown) => {
      if (!res.headersSent) message(res, 500, String(err));
      else res.destroy();
    });
  };

  const lfsServer = createServer(route('lfs'));
  const origin = await listen(lfsServer);
  lfsUrl = `${origin}${basePath}`;
  const storageServer = options.separateStorage ? createServer(route('storage')) : undefined;
  if (storageServer) storageUrl = await listen(storageServer);
  const close = (server: Server) =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });

  return {
    url: lfsUrl,
    remote: `${origin}${basePath.replace(/\/info\/lfs$/, '')}`,
    ...(storageServer ? { storageUrl } : {}),
    objects,
    requests,
    batchRequests,
    fail(rule) {
      rules.push({ ...rule, left: rule.times ?? 1 });
    },
    clearFailures() {
      rules.length = 0;
    },
    put(bytes) {
      const oid = sha256(bytes);
      objects.set(oid, Buffer.from(bytes));
      return oid;
    },
    async close() {
      await close(lfsServer);
      if (storageServer) await close(storageServer);
    },
  };
}

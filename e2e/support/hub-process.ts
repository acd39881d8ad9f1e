// The hub as a user starts it: `node apps/hub/src/bin.ts` in its own process, on 127.0.0.1 with
// an ephemeral port, a temp data directory and a fixed admin token; stopped with SIGTERM. A
// restart passes the same `root`, `port` and `adminToken`.

import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const tsx = import.meta.resolve('tsx');
const hubBin = join(repoRoot, 'apps', 'hub', 'src', 'bin.ts');

export interface HubProcess {
  url: string;
  port: number;
  /** The directory holding the data directory (and nothing else, unless a test puts it there). */
  root: string;
  data: string;
  adminToken: string;
  child: ChildProcess;
  output(): string;
  /** The exit code, once the process has exited (after a SIGTERM sent some other way, say). */
  exited: Promise<number | null>;
  /** SIGTERM, and the exit code once it has exited. */
  stop(): Promise<number | null>;
}

export interface HubProcessOptions {
  env?: Record<string, string>;
  /** The directory holding the data directory; a fresh temp directory when omitted. */
  root?: string;
  /** Listen on this port (a restart on the port clients know); an ephemeral one when omitted. */
  port?: number;
  /** The admin's token (a restart keeps the first start's); a new one when omitted. */
  adminToken?: string;
}

export async function startHubProcess(options: HubProcessOptions = {}): Promise<HubProcess> {
  const root = options.root ?? (await mkdtemp(join(tmpdir(), 'xetcache-e2e-hub-')));
  const data = join(root, 'data');
  const adminToken = options.adminToken ?? options.env?.XETCACHE_ADMIN_TOKEN ?? `xct_test_${randomBytes(16).toString('hex')}`;
  const child = spawn(process.execPath, ['--conditions=source', '--import', tsx, hubBin], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      HOME: root,
      XETCACHE_HUB_PORT: String(options.port ?? 0),
      XETCACHE_HUB_DATA: data,
      ...options.env,
      XETCACHE_ADMIN_TOKEN: adminToken,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const check = () => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    };
    child.stdout!.on('data', check);
    void exited.then((code) => reject(new Error(`the hub exited (${code}) before listening:\n${out}`)));
  });
  return {
    url,
    port: Number(new URL(url).port),
    root,
    data,
    adminToken,
    child,
    exited,
    output: () => out,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Call the hub's JSON API. */
export async function api(hub: { url: string }, token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${hub.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** A user with a token (and a project token, when asked) created through the API. */
export async function addUser(hub: HubProcess, name: string): Promise<string> {
  const r = await api(hub, hub.adminToken, 'POST', '/api/users', { name, email: `${name}@example.com` });
  if (r.status !== 201) throw new Error(`adding user ${name}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.token as string;
}

export async function grant(hub: HubProcess, by: string, user: string, project: string, scope: 'read' | 'write' | 'admin'): Promise<string> {
  const r = await api(hub, by, 'POST', '/api/tokens', { user, project, scope });
  if (r.status !== 201) throw new Error(`granting ${scope} on ${project} to ${user}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.token as string;
}

export async function createProject(hub: HubProcess, token: string, name: string): Promise<void> {
  const r = await api(hub, token, 'POST', '/api/projects', { name });
  if (r.status !== 201) throw new Error(`creating ${name}: ${r.status} ${JSON.stringify(r.body)}`);
}

export interface HubStats {
  storage: { chunks: number; bytes: number };
  counters: { requests: number; uploads: number; uploadedBytes: number; downloads: number; downloadedBytes: number; chunksReceived: number; chunksStored: number; chunksSent: number; chunksSentBytes: number };
  writesInFlight: number;
}

export async function stats(hub: HubProcess): Promise<HubStats> {
  return (await api(hub, hub.adminToken, 'GET', '/api/stats')).body;
}

/** Stats once every write in flight has committed or rolled back (polls; the test's timeout bounds it). */
export async function settledStats(hub: HubProcess): Promise<HubStats> {
  for (;;) {
    const s = await stats(hub);
    if (s.writesInFlight === 0) return s;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

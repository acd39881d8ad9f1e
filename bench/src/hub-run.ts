// The hub as its own process from its build (`npm run bench` builds first), on 127.0.0.1 with an
// ephemeral port and a temp data folder (storage settings in `env`), and calls to its admin API.

import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const hubBin = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'apps', 'hub', 'bin', 'xetcache-hub.js');

export interface RunningHub {
  url: string;
  stop(): Promise<void>;
}

export async function runHub(root: string, adminToken: string, env: Record<string, string> = {}): Promise<RunningHub> {
  const child = spawn(process.execPath, [hubBin], {
    env: { PATH: process.env.PATH, HOME: root, XETCACHE_HUB_PORT: '0', XETCACHE_HUB_DATA: join(root, 'hub'), XETCACHE_ADMIN_TOKEN: adminToken, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    void exited.then(() => reject(new Error(`the hub exited before listening (is it built? npm run build):\n${out}`)));
  });
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** One call to the hub's JSON API; a status ≥ 400 is an error (the token is never in it). */
export async function hubApi(url: string, token: string, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}

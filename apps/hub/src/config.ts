// The hub's settings from the environment (SPEC §5), checked up front so a typo is a clear
// message at start rather than a surprise later.

import { resolve } from 'node:path';
import { HubError } from './errors.js';
import { checkStorageSetting } from './open-storage.js';

export const DEFAULT_PORT = 4747;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_DATA_DIR = '.xetcache-hub';

export interface HubSettings {
  port: number;
  host: string;
  /** The data directory: repositories, and storage unless `storage` names another place. */
  data: string;
  /** A directory, or s3://bucket/prefix (with AWS_* from the environment); the data directory's `storage/` by default. */
  storage?: string;
  adminToken?: string;
  publicUrl?: string;
}

export function parsePort(text: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) throw new HubError('EBADREQUEST', `port must be a number from 0 to 65535, got ${JSON.stringify(text)}`);
  return Number(text);
}

export function checkPublicUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new HubError('EBADREQUEST', `XETCACHE_HUB_PUBLIC_URL must be an http(s) URL, got ${JSON.stringify(text)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new HubError('EBADREQUEST', 'XETCACHE_HUB_PUBLIC_URL must be an http(s) URL');
  return text.replace(/\/+$/, '');
}

/** Settings from XETCACHE_HUB_PORT, XETCACHE_HUB_DATA, XETCACHE_HUB_STORAGE, XETCACHE_ADMIN_TOKEN, XETCACHE_HUB_PUBLIC_URL (and for S3 storage, AWS_*). */
export function settingsFromEnv(env: Record<string, string | undefined>, cwd: string): HubSettings {
  checkStorageSetting(env.XETCACHE_HUB_STORAGE || undefined, env);
  return {
    port: env.XETCACHE_HUB_PORT ? parsePort(env.XETCACHE_HUB_PORT) : DEFAULT_PORT,
    host: DEFAULT_HOST,
    data: resolve(cwd, env.XETCACHE_HUB_DATA || DEFAULT_DATA_DIR),
    storage: env.XETCACHE_HUB_STORAGE || undefined,
    adminToken: env.XETCACHE_ADMIN_TOKEN || undefined,
    publicUrl: env.XETCACHE_HUB_PUBLIC_URL ? checkPublicUrl(env.XETCACHE_HUB_PUBLIC_URL) : undefined,
  };
}

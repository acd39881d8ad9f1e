// An LFS client for tests, over the full HTTP stack, with sleeps recorded instead of waited
// and deadlines on timers that only move when a test says so.

import { createHash } from 'node:crypto';
import { createWasmSha256 } from '@xetcache/core';
import { createHttpClient } from '../http/client.js';
import { createLfsClient, type LfsClient } from '../lfs/client.js';
import type { LfsClientDeps } from '../lfs/context.js';
import { manualTimers, recordingSleep, type ManualTimers } from './runtime.js';

export interface TestLfsClient {
  lfs: LfsClient;
  delays: number[];
  timers: ManualTimers;
  /** The clock the client reads (ms since the epoch); tests move it on. */
  clock: { now: number };
}

export async function testLfsClient(
  endpoint: string,
  options: { user?: string; token?: string; timers?: ManualTimers; lfs?: Partial<LfsClientDeps>; stallMs?: number } = {},
): Promise<TestLfsClient> {
  const slept = recordingSleep();
  const timers = options.timers ?? manualTimers();
  const clock = { now: Date.now() };
  const { user, token } = options;
  const http = createHttpClient({
    fetch: globalThis.fetch,
    sleep: slept.sleep,
    now: () => clock.now,
    random: () => 0.5,
    ...(user && token ? { credentials: { provider: async () => ({ user, token }), origins: [endpoint] } } : {}),
    timeouts: { timers, stallMs: options.stallMs ?? 30_000 },
  });
  const lfs = createLfsClient({ http, endpoint, now: () => clock.now, sleep: slept.sleep, sha256: await createWasmSha256(), ...options.lfs });
  return { lfs, delays: slept.delays, timers, clock };
}

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Deterministic bytes of a given length, different for each seed. */
export function testBytes(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed * 2654435761 >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

export async function collect(stream: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const part of stream) parts.push(part);
  return new Uint8Array(Buffer.concat(parts));
}

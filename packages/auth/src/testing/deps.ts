// AuthDeps for tests: a temp home on the real file system, a memory keychain unless told
// otherwise, and every warning kept.

import { promises as fsp } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuthDeps } from '../context.js';
import type { Keychain } from '../keychain/port.js';

export interface TestDeps extends AuthDeps {
  warnings: string[];
}

export async function tempHome(prefix = 'xetcache-auth-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export function testDeps(homedir: string, options: { env?: Record<string, string>; keychain?: Keychain } = {}): TestDeps {
  const warnings: string[] = [];
  return {
    env: options.env ?? {},
    homedir,
    fs: fsp,
    fetch: globalThis.fetch,
    keychain: options.keychain,
    platform: process.platform,
    warn: (m) => warnings.push(m),
    warnings,
    hubTimeoutMs: 10_000,
    keychainTimeoutMs: 200,
  };
}

// The keychain port: one conformance suite for the memory twin (and the OS keychain where this
// machine has a working one), the probe, the deadline, and when the native module is not tried.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withTimeout, probeKeychain } from './guard.js';
import { createMemoryKeychain } from './memory.js';
import { keychainSkipReason, loadNativeKeychain } from './native.js';
import type { Keychain } from './port.js';

function conformance(name: string, make: () => Promise<Keychain | undefined>): void {
  test(`${name}: set, get, replace, delete`, async () => {
    const keychain = await make();
    assert.ok(keychain);
    const service = 'xetcache-conformance';
    const account = `http://127.0.0.1:${process.pid}`;
    try {
      assert.equal(await keychain.get(service, account), undefined);
      await keychain.set(service, account, '{"user":"a","token":"t1"}');
      assert.equal(await keychain.get(service, account), '{"user":"a","token":"t1"}');
      await keychain.set(service, account, 'second');
      assert.equal(await keychain.get(service, account), 'second');
      assert.equal(await keychain.get(service, `${account}/other`), undefined);
      assert.equal(await keychain.delete(service, account), true);
      assert.equal(await keychain.get(service, account), undefined);
      assert.equal(await keychain.delete(service, account), false);
    } finally {
      await keychain.delete(service, account).catch(() => undefined);
    }
  });
}

conformance('memory keychain', async () => createMemoryKeychain());
// The OS keychain runs the suite where this machine has a working one (a desktop session); on a
// headless machine the probe says no, and the tests below cover that it is then left alone.
const native = await loadNativeKeychain({ platform: process.platform, env: process.env });
const guarded = native && withTimeout(native, 3000);
if (guarded && (await probeKeychain(guarded))) conformance('OS keychain', async () => guarded);

test('the probe says yes to a working keychain and leaves nothing behind', async () => {
  const keychain = createMemoryKeychain();
  assert.equal(await probeKeychain(keychain), true);
  assert.equal(keychain.items.size, 0);
});

test('the probe says no to a broken keychain and to one that never answers', async () => {
  assert.equal(await probeKeychain(createMemoryKeychain({ broken: true })), false);
  assert.equal(await probeKeychain(withTimeout(createMemoryKeychain({ hang: true }), 50)), false);
  // A keychain that ignores its abort signal is cut off all the same.
  const deaf: Keychain = { get: () => new Promise(() => {}), set: () => new Promise(() => {}), delete: () => new Promise(() => {}) };
  assert.equal(await probeKeychain(withTimeout(deaf, 50)), false);
});

test('the native keychain is not tried without a session bus on Linux, or when turned off', async () => {
  assert.match(keychainSkipReason('linux', {}) ?? '', /D-Bus/);
  assert.equal(keychainSkipReason('linux', { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/run/user/1/bus' }), undefined);
  assert.equal(keychainSkipReason('darwin', {}), undefined);
  assert.match(keychainSkipReason('darwin', { XETCACHE_KEYCHAIN: 'off' }) ?? '', /off/);
  let loaded = false;
  const load = async () => {
    loaded = true;
    return {};
  };
  assert.equal(await loadNativeKeychain({ platform: 'linux', env: {}, load }), undefined);
  assert.equal(loaded, false, 'the module is not even loaded');
});

test('a native module that is missing or broken means no keychain, not an error', async () => {
  const missing = async () => {
    throw Object.assign(new Error("Cannot find module '@napi-rs/keyring'"), { code: 'ERR_MODULE_NOT_FOUND' });
  };
  assert.equal(await loadNativeKeychain({ platform: 'darwin', env: {}, load: missing }), undefined);
  assert.equal(await loadNativeKeychain({ platform: 'darwin', env: {}, load: async () => ({ nothing: true }) }), undefined);
});

test('calls into the native module reach it with the service, the account and a deadline', async () => {
  const calls: unknown[][] = [];
  class AsyncEntry {
    constructor(...args: unknown[]) {
      calls.push(['new', ...args]);
    }
    async getPassword(signal?: AbortSignal) {
      calls.push(['get', signal instanceof AbortSignal]);
      return null;
    }
    async setPassword(password: string) {
      calls.push(['set', password]);
    }
    async deletePassword() {
      return false;
    }
  }
  const native = await loadNativeKeychain({ platform: 'linux', env: { DBUS_SESSION_BUS_ADDRESS: 'x' }, load: async () => ({ AsyncEntry }) });
  const keychain = withTimeout(native!, 1000);
  assert.equal(await keychain.get('xetcache', 'http://h:1'), undefined);
  await keychain.set('xetcache', 'http://h:1', 'secret');
  assert.deepEqual(calls, [
    ['new', 'xetcache', 'http://h:1', { linux: { store: 'secret-service' } }],
    ['get', true],
    ['new', 'xetcache', 'http://h:1', { linux: { store: 'secret-service' } }],
    ['set', 'secret'],
  ]);
});

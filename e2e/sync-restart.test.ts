// The hub restarted (SIGTERM, then started again on the same port and data directory) while
// alice pushes a large value through the xetcache API. The pack in flight is finished by the
// draining hub; the client's retries ride over the restart; nothing the hub stored goes up
// again, whether the push rides over the restart or fails and is run again; bob then downloads
// the value byte for byte. The push is held at a known point by a gate on its request body, so
// the restart always lands in the middle of the upload: no timing decides the outcome.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { isRetriable } from '@xetcache/remote';
import { pushAll, type ProjectRemote, type Runtime } from 'xetcache';
import { userRuntime, valueDeps } from './support/clients.js';
import { eventually } from './support/eventually.js';
import { addUser, createProject, settledStats, startHubProcess, stats, type HubProcess } from './support/hub-process.js';

const PROJECT = 'alice/big';
const FIRST = 96 * 1024 * 1024;
const SECOND = 64 * 1024 * 1024;
/** Bytes of a pack that go out before the gate holds it. */
const HOLD_AFTER = 8 * 1024 * 1024;

let hub: HubProcess;
let token: string;
let temp: string;
const realFetch = globalThis.fetch;

interface Hold {
  /** Resolves once HOLD_AFTER bytes of the pack have gone out and the rest is held. */
  reached: Promise<void>;
  release(): void;
}

let armed: { after: number; reached: () => void; released: Promise<void> } | undefined;

/** Hold the body of the next chunk pack once `after` bytes have gone out, until released. */
function holdNextPack(after: number): Hold {
  let reached!: () => void;
  let release!: () => void;
  const hold: Hold = { reached: new Promise<void>((resolve) => (reached = resolve)), release: () => release() };
  armed = { after, reached, released: new Promise<void>((resolve) => (release = resolve)) };
  return hold;
}

/** fetch, except for a pack while a hold is armed: its body passes through a gate. */
const gatedFetch: typeof fetch = async (input, init) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const gate = armed;
  if (!gate || !url.endsWith('/chunks/packs') || !(init?.body instanceof ReadableStream)) return realFetch(input, init);
  armed = undefined;
  const reader = (init.body as ReadableStream<Uint8Array>).getReader();
  let sent = 0;
  let held = false;
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!held && sent >= gate.after) {
          held = true;
          gate.reached();
          await gate.released;
        }
        const step = await reader.read();
        if (step.done) {
          controller.close();
          return;
        }
        sent += step.value.length;
        controller.enqueue(step.value);
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
  return realFetch(input, { ...init, body });
};

before(async () => {
  // The runtime's HTTP client takes globalThis.fetch when a remote is made; all but held packs
  // pass straight through.
  globalThis.fetch = gatedFetch;
  hub = await startHubProcess();
  token = await addUser(hub, 'alice');
  await createProject(hub, token, PROJECT);
  temp = await mkdtemp(join(tmpdir(), 'xetcache-e2e-restart-'));
});

after(async () => {
  globalThis.fetch = realFetch;
  await hub?.stop();
  if (hub) await rm(hub.root, { recursive: true, force: true });
  if (temp) await rm(temp, { recursive: true, force: true });
});

const runtimeFor = (name: string): Runtime => userRuntime(temp, name, { url: hub.url, user: 'alice', token });

const refused = (url: string): Promise<boolean> =>
  realFetch(`${url}/healthz`).then(
    () => false,
    () => true,
  );

/**
 * Restart the hub in the middle of a held pack: SIGTERM once the hub is receiving it, let the
 * rest go once the hub refuses new connections (it is draining: the pack in flight finishes and
 * is stored), wait for the exit, then start it again on the same port and data directory.
 * `whileDown` runs between the exit and the new start.
 */
async function restartDuringPack(hold: Hold, whileDown?: () => Promise<void>): Promise<void> {
  await hold.reached;
  await eventually(async () => (await stats(hub)).writesInFlight > 0, 10);
  hub.child.kill('SIGTERM');
  await eventually(() => refused(hub.url), 10);
  hold.release();
  await whileDown?.();
  assert.equal(await hub.exited, 0, hub.output());
  hub = await startHubProcess({ root: hub.root, port: hub.port, adminToken: hub.adminToken });
}

async function bobReads(key: string, expected: Uint8Array): Promise<void> {
  const bob = runtimeFor(`bob-${key}`);
  bob.setProject(PROJECT);
  const value = await (await bob.store()).get(key);
  assert.ok(value instanceof Uint8Array, `bob got a ${typeof value}`);
  assert.equal(value.length, expected.length);
  assert.ok(Buffer.from(value.buffer, value.byteOffset, value.length).equals(expected), 'bob reads the bytes alice put');
  await bob.close();
}

test('the hub restarts in the middle of a push: the push rides over it, nothing goes up twice, bob gets the value', async () => {
  const alice = runtimeFor('alice');
  alice.setProject(PROJECT);
  const store = await alice.store();
  const value = randomBytes(FIRST);
  const meta = await store.put('first', new Uint8Array(value.buffer, value.byteOffset, value.length));
  const remote = (await alice.remote())!;
  const port = hub.port;
  const chunks = (await remote.values.store.stat(meta.oid))!.chunks;

  const hold = holdNextPack(HOLD_AFTER);
  const pushing = pushAll(store, alice.project().dir, remote, alice.author());
  pushing.catch(() => {}); // awaited below, after the restart
  await restartDuringPack(hold);
  assert.equal(hub.port, port);

  const report = await pushing;
  assert.equal(report.values, 1);
  assert.equal(report.transferred, FIRST, 'each chunk went up once');
  const after = await settledStats(hub);
  // The value goes up in packs of at most 64 MiB: the first, held across the restart, finished
  // on the old hub; the restarted hub was sent exactly the chunks after it.
  let firstPack = 0;
  for (let bytes = 0; firstPack < chunks.length && bytes + chunks[firstPack]!.length <= 64 * 1024 * 1024; firstPack++) bytes += chunks[firstPack]!.length;
  assert.equal(after.counters.chunksReceived, chunks.length - firstPack, 'the restarted hub was sent only the chunks after the held pack');
  assert.ok(after.storage.bytes >= FIRST && after.storage.bytes < FIRST * 1.01, `the hub stores ${after.storage.bytes} bytes`);
  await alice.close();

  await bobReads('first', value);
});

test('a push cut off by the restart after its chunks were stored, run again, sends none of them again', async () => {
  const alice = runtimeFor('alice');
  alice.setProject(PROJECT);
  const store = await alice.store();
  const value = randomBytes(SECOND);
  await store.put('second', new Uint8Array(value.buffer, value.byteOffset, value.length));
  const remote = (await alice.remote())!;
  // The same remote with a client that does not retry: the restart ends this push.
  const { http, lfs } = await valueDeps({ url: hub.url, user: 'alice', token }, PROJECT, remote.values.store, { maxAttempts: 1 });
  const impatient: ProjectRemote = { ...remote, http, values: { ...remote.values, http, lfs } };

  const hold = holdNextPack(HOLD_AFTER);
  const pushing = pushAll(store, alice.project().dir, impatient, alice.author());
  pushing.catch(() => {}); // awaited while the hub is down
  await restartDuringPack(hold, async () => {
    await assert.rejects(pushing, (err: Error & { code?: string }) => {
      assert.ok(isRetriable(err), `${err.code}: ${err.message}`);
      return true;
    });
  });
  const stored = await settledStats(hub);
  assert.ok(stored.storage.bytes >= FIRST + SECOND, 'the pack of the cut-off push was stored');

  const again = await pushAll(store, alice.project().dir, remote, alice.author());
  assert.equal(again.values, 2);
  assert.equal(again.transferred, 0, 'the chunks the hub stored did not go up again');
  const after = await settledStats(hub);
  assert.equal(after.counters.chunksReceived, 0);
  assert.equal(after.storage.bytes, stored.storage.bytes);
  await alice.close();

  await bobReads('second', value);
});

// A lazy clone of a project of 1000 entries holding 2 GiB of values: the clone moves the entries
// (git) and no value bytes; the first memo hit on one entry then downloads that value alone.

import { createMemoApi } from '@xetcache/core';
import { pushAll, type Runtime } from 'xetcache';
import type { ByteCounter } from './byte-counter.js';
import { machine, onTheWire } from './sync-machine.js';
import { fmt, mbps, noise, row } from './measure.js';

const ENTRIES = 1000;
const VALUE_SIZE = Math.ceil(2 ** 31 / ENTRIES);
const TOTAL = ENTRIES * VALUE_SIZE;

export interface LazyCloneSetup {
  root: string;
  counter: ByteCounter;
  token: string;
  /** A hub project, empty. */
  project: string;
  /** Runtimes opened here join this list, for the caller to close. */
  opened: Runtime[];
}

export async function benchLazyClone({ root, counter, token, project, opened }: LazyCloneSetup): Promise<void> {
  console.log(`\nlazy clone: ${ENTRIES} memo entries of ${fmt(VALUE_SIZE / 2 ** 20, 2)} MiB (${fmt(TOTAL / 2 ** 30, 2)} GiB of values) on the hub`);
  const data = noise(TOTAL, 0x1a2e);
  let computed = 0;
  // The same function on both machines, so the same memo keys.
  const part = (i: number) => (computed++, data.subarray(i * VALUE_SIZE, (i + 1) * VALUE_SIZE));

  const dora = machine(root, 'dora', counter.url, token);
  opened.push(dora);
  dora.setProject(project);
  const doraStore = await dora.store();
  const doraPart = createMemoApi(dora).memo(part);
  const t = performance.now();
  // Four calls at a time: the setup is not what is measured, and puts overlap their disk waits.
  let next = 0;
  await Promise.all(Array.from({ length: 4 }, async () => {
    while (next < ENTRIES) await doraPart(next++);
  }));
  if (computed !== ENTRIES) throw new Error(`${computed} of ${ENTRIES} entries computed`);
  await doraStore.flush();
  const stored = performance.now() - t;
  const push = await onTheWire(counter, async () => pushAll(doraStore, dora.project().dir, (await dora.remote())!, dora.author()));
  row(`put ${ENTRIES} entries, then push them (setup)`, `${fmt(stored / 1000, 1)} s, then ${fmt(push.up / 1e6)} MB sent in ${fmt(push.ms / 1000, 1)} s (${fmt(mbps(TOTAL, push.ms))} MB/s)`);

  const eli = machine(root, 'eli', counter.url, token);
  opened.push(eli);
  eli.setProject(project);
  const clone = await onTheWire(counter, () => eli.store());
  row(`lazy clone of ${ENTRIES} entries (${fmt(TOTAL / 2 ** 30, 2)} GiB of values)`, `${fmt(clone.down / 1e6, 2)} MB received, ${fmt(clone.up / 1e3)} KB sent in ${fmt(clone.ms / 1000, 2)} s`);

  const eliPart = createMemoApi(eli).memo(part);
  const before = computed;
  let got: unknown;
  const first = await onTheWire(counter, async () => (got = await eliPart(ENTRIES / 2)));
  if (computed !== before || !(got instanceof Uint8Array) || got.length !== VALUE_SIZE) throw new Error('the first memo hit after the lazy clone did not return the stored value');
  const fetched = eli.fetchedValues();
  row('first memo hit after it (one value fetched)', `${fmt(first.ms)} ms, ${fmt(first.down / 1e6, 2)} MB received (value ${fmt(VALUE_SIZE / 1e6, 2)} MB; ${fmt(fetched.transferred / 1e6, 2)} MB of chunks)`);
  const again = await onTheWire(counter, async () => eliPart(ENTRIES / 2));
  row('the same memo hit again (value now local)', `${fmt(again.ms, 1)} ms, ${fmt(again.down)} bytes received`);
}

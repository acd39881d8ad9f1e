// Puts and gc exclude each other without a lock server: a writer registers itself and then
// checks for the gc lock; gc takes its lock and then checks for writers. Whichever comes second
// sees the first, so gc never deletes a chunk that a put is about to reference.

import { XetcacheError } from '../errors.js';
import { layout, newPackId } from './layout.js';
import type { StoreContext } from './context.js';

/** A registration or lock older than this belongs to a process that is gone. */
export const STALE_MS = 60 * 60 * 1000;
const WAIT_STEP_MS = 50;
const WAIT_MAX_MS = 30_000;

const encoder = new TextEncoder();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Holder {
  pid: number;
  at: number;
}

async function readHolder(ctx: StoreContext, path: string): Promise<Holder | undefined> {
  const bytes = await ctx.fs.readFile(path);
  if (!bytes) return undefined;
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as Holder;
  } catch {
    return { pid: -1, at: 0 };
  }
}

function isLive(ctx: StoreContext, h: Holder): boolean {
  return ctx.now() - h.at < STALE_MS && (h.pid === ctx.pid || ctx.isProcessAlive(h.pid));
}

function holderBytes(ctx: StoreContext): Uint8Array {
  return encoder.encode(JSON.stringify({ pid: ctx.pid, at: ctx.now() }));
}

async function gcRunning(ctx: StoreContext): Promise<boolean> {
  const holder = await readHolder(ctx, layout.gcLock);
  if (!holder) return false;
  if (isLive(ctx, holder)) return true;
  await ctx.fs.remove(layout.gcLock); // left by a killed gc
  return false;
}

/** Register as a writer for the duration of `work`, waiting while a gc runs. */
export async function asWriter<T>(ctx: StoreContext, work: () => Promise<T>): Promise<T> {
  const id = newPackId();
  for (let waited = 0; ; waited += WAIT_STEP_MS) {
    await ctx.fs.createExclusive(layout.writer(id), holderBytes(ctx));
    if (!(await gcRunning(ctx))) break;
    await ctx.fs.remove(layout.writer(id));
    if (waited >= WAIT_MAX_MS) throw new XetcacheError('ELOCKED', 'store: a garbage collection is running; try again');
    await sleep(WAIT_STEP_MS);
  }
  try {
    return await work();
  } finally {
    await ctx.fs.remove(layout.writer(id));
  }
}

/** Hold the gc lock for the duration of `work`; fails when writers are active. */
export async function asCollector<T>(ctx: StoreContext, work: () => Promise<T>): Promise<T> {
  if (!(await ctx.fs.createExclusive(layout.gcLock, holderBytes(ctx)))) {
    if (await gcRunning(ctx)) throw new XetcacheError('ELOCKED', 'store: another garbage collection is running');
    if (!(await ctx.fs.createExclusive(layout.gcLock, holderBytes(ctx)))) {
      throw new XetcacheError('ELOCKED', 'store: another garbage collection is running');
    }
  }
  try {
    for (let waited = 0; ; waited += WAIT_STEP_MS) {
      let active = 0;
      for (const name of await ctx.fs.list(layout.writersDir)) {
        const holder = await readHolder(ctx, layout.writer(name));
        if (!holder) continue;
        if (isLive(ctx, holder)) active++;
        else await ctx.fs.remove(layout.writer(name));
      }
      if (active === 0) break;
      if (waited >= WAIT_MAX_MS) throw new XetcacheError('ELOCKED', `store: ${active} writer(s) still active; try gc later`);
      await sleep(WAIT_STEP_MS);
    }
    return await work();
  } finally {
    await ctx.fs.remove(layout.gcLock);
  }
}

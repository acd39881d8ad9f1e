// Walk the whole store and check every byte against its hash. With repair, damage goes to the
// quarantine folder (kept for inspection, never read again), good chunks of a damaged pack are
// rewritten into a new pack, and values that lost a chunk are taken out so they can be stored again.

import { toHex, toXetHex } from '../hash/hex.js';
import { DATA_KEY } from '../hash/xet-keys.js';
import { decodeManifest } from './codec/manifest.js';
import { layout } from './layout.js';
import { PackWriter } from './pack-writer.js';
import { packFiles, valueNames } from './walk.js';
import type { StoreContext } from './context.js';

export interface VerifyProblem {
  kind: 'pack' | 'pack-index' | 'chunk' | 'manifest' | 'value';
  id: string;
  message: string;
}

export interface VerifyReport {
  ok: boolean;
  values: number;
  packs: number;
  chunks: number;
  bytes: number;
  problems: VerifyProblem[];
  /** What repair did: paths moved to the quarantine, values removed, packs rewritten. */
  repaired: string[];
}

const stamp = (ctx: StoreContext) => new Date(ctx.now()).toISOString().replace(/[:.]/g, '-');

export async function verifyStore(ctx: StoreContext, options: { repair?: boolean } = {}): Promise<VerifyReport> {
  const report: VerifyReport = { ok: true, values: 0, packs: 0, chunks: 0, bytes: 0, problems: [], repaired: [] };
  const problem = (p: VerifyProblem) => {
    report.ok = false;
    report.problems.push(p);
  };
  const quarantine = async (path: string, name: string) => {
    await ctx.fs.move(path, layout.quarantine(`${stamp(ctx)}-${name}`));
    report.repaired.push(`quarantined ${path}`);
  };
  const check = ctx.blake3.keyed(DATA_KEY);
  const good = new Set<string>(); // chunk hashes verified good

  await ctx.index.refresh();
  const { packs } = await packFiles(ctx);
  for (const [id, reason] of ctx.index.damaged) {
    problem({ kind: 'pack-index', id, message: reason });
    if (options.repair) {
      await quarantine(layout.packIndex(id), `${id}.idx`);
      if (packs.has(id)) await quarantine(layout.pack(id), `${id}.pack`);
      ctx.index.damaged.delete(id);
    }
  }
  for (const id of ctx.index.packIds()) {
    report.packs++;
    const entries = ctx.index.entries(id)!;
    if (!packs.has(id)) {
      problem({ kind: 'pack', id, message: `pack ${id} is missing but indexed` });
      if (options.repair) {
        await quarantine(layout.packIndex(id), `${id}.idx`);
        ctx.index.forget(id);
      }
      continue;
    }
    const bad: string[] = [];
    for (const e of entries) {
      const data = await ctx.fs.readRange(layout.pack(id), e.offset, e.length);
      report.chunks++;
      report.bytes += e.length;
      const key = toHex(e.hash);
      if (data.length === e.length && toHex(check(data)) === key) good.add(key);
      else bad.push(key);
    }
    if (bad.length === 0) continue;
    for (const key of bad) {
      problem({ kind: 'chunk', id: key, message: `pack ${id}: a chunk does not match its hash` });
    }
    if (options.repair) {
      // Keep what is still good in a new pack before moving the damaged one away.
      const keep = entries.filter((e) => !bad.includes(toHex(e.hash)));
      if (keep.length) {
        const writer = await PackWriter.open(ctx.fs, ctx.durable);
        for (const e of keep) await writer.add(e.hash, await ctx.fs.readRange(layout.pack(id), e.offset, e.length));
        ctx.index.add(writer.id, await writer.seal(ctx.blake3));
        report.repaired.push(`rewrote ${keep.length} good chunk(s) of pack ${id} into pack ${writer.id}`);
      }
      await quarantine(layout.packIndex(id), `${id}.idx`);
      await quarantine(layout.pack(id), `${id}.pack`);
      ctx.index.forget(id);
    }
  }
  for await (const name of valueNames(ctx)) {
    report.values++;
    const path = layout.manifest(name);
    const bytes = await ctx.fs.readFile(path);
    if (!bytes) continue;
    let missing: string | undefined;
    try {
      const m = decodeManifest(ctx.blake3, bytes, `manifest of sha256:${name}`);
      if (m.sha256 !== name) throw new Error(`manifest of sha256:${name} describes sha256:${m.sha256}`);
      for (const c of m.chunks) {
        // Every indexed chunk was checked above, so a chunk not known good is missing or damaged.
        if (!good.has(toHex(c.hash))) {
          missing = toXetHex(c.hash);
          break;
        }
      }
    } catch (err) {
      problem({ kind: 'manifest', id: name, message: (err as Error).message });
      if (options.repair) await quarantine(path, name);
      continue;
    }
    if (missing) {
      problem({ kind: 'value', id: `sha256:${name}`, message: `chunk ${missing} is missing or damaged` });
      if (options.repair) await quarantine(path, name);
    }
  }
  return report;
}

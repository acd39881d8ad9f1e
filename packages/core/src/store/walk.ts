// Enumerations over the store's files, shared by list, verify and gc.

import { isPackId, isValueName, layout } from './layout.js';
import type { StoreContext } from './context.js';

/** SHA-256 hex of every value with a manifest. */
export async function* valueNames(ctx: StoreContext): AsyncGenerator<string> {
  for (const shard of await ctx.fs.list(layout.valuesDir)) {
    if (!/^[0-9a-f]{2}$/.test(shard)) continue;
    for (const name of await ctx.fs.list(layout.valueShard(shard))) {
      if (isValueName(name) && name.startsWith(shard)) yield name;
    }
  }
}

/** Pack ids that have a pack file, and which of them have an index. */
export async function packFiles(ctx: StoreContext): Promise<{ packs: Set<string>; indexes: Set<string> }> {
  const packs = new Set<string>();
  const indexes = new Set<string>();
  for (const name of await ctx.fs.list(layout.packsDir)) {
    const [id, ext] = name.split('.');
    if (!id || !isPackId(id)) continue;
    if (ext === 'pack') packs.add(id);
    if (ext === 'idx') indexes.add(id);
  }
  return { packs, indexes };
}

// A chunk pack from a client (xetcache-chunks upload): each chunk is checked against its hash,
// chunks the hub already has are dropped, new ones are packed. Published only when the whole
// body was good, so a bad chunk anywhere leaves nothing stored.

import { DATA_KEY } from '@xetcache/core';
import { HubError } from '../errors.js';
import type { ContentContext } from './context.js';
import { readFrames } from './frames.js';
import { PackBuilder } from './pack-builder.js';

export interface StoreChunksResult {
  /** Chunks in the body. */
  received: number;
  /** Chunks (and their bytes) the hub did not have. */
  stored: number;
  storedBytes: number;
}

export async function storeChunks(ctx: ContentContext, body: AsyncIterable<Uint8Array>, maxChunks: number): Promise<StoreChunksResult> {
  const verify = ctx.blake3.keyed(DATA_KEY);
  const builder = new PackBuilder(ctx);
  let received = 0;
  try {
    for await (const { hash, data } of readFrames(body, ctx.params.max)) {
      if (++received > maxChunks) throw new HubError('ETOOLARGE', `a chunk pack holds at most ${maxChunks} chunks`);
      if (!Buffer.from(verify(data)).equals(hash)) {
        throw new HubError('EHASH', `chunk ${received} does not match its hash`, { index: received - 1 });
      }
      await builder.add(hash, data);
    }
    await builder.publish();
    return { received, stored: builder.newChunks, storedBytes: builder.newBytes };
  } catch (err) {
    await builder.discard();
    throw err;
  }
}

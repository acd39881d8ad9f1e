// The size of the demo's values: 64 MiB unless `--size` or XETCACHE_DEMO_SIZE says otherwise
// (tests use a few MiB). Below 4 MiB a 1% edit is smaller than the chunks it lands in, and the
// story's "a few percent move" no longer holds.

import { parseSize } from '@xetcache/core';

export const MiB = 1024 * 1024;
const MIN = 4 * MiB;
const MAX = 1024 * MiB;

export function readSize(text: string | undefined): number {
  if (text === undefined || text === '') return 64 * MiB;
  let size: number;
  try {
    size = parseSize(text);
  } catch {
    throw new Error(`the demo's size ${JSON.stringify(text)} is not a size such as 16MiB or 100MB`);
  }
  if (size < MIN || size > MAX) throw new Error(`the demo's size must be between 4 MiB and 1 GiB, not ${JSON.stringify(text)}`);
  return size;
}

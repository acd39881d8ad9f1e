// Xet's chunking parameters, derived from the target size exactly as xet-core derives them.
// Tests use small targets; the store format records the target it was written with.

import { XetcacheError } from '../errors.js';

export const GEAR_WINDOW = 64;
export const DEFAULT_TARGET_CHUNK = 64 * 1024;

export interface ChunkParams {
  readonly target: number;
  readonly min: number;
  readonly max: number;
  /** Gear hash mask: the top log2(target) bits set. */
  readonly mask: bigint;
  /** Bytes after a chunk start that are never tested for a boundary (Xet's skip rule). */
  readonly skip: number;
}

export function chunkParams(target = DEFAULT_TARGET_CHUNK): ChunkParams {
  if (!Number.isInteger(target) || target <= GEAR_WINDOW || (target & (target - 1)) !== 0 || target > 1 << 24) {
    throw new XetcacheError('EINVAL', `chunk target must be a power of two in (64, 16 MiB], got ${target}`);
  }
  const bits = Math.log2(target);
  const mask = ((1n << BigInt(bits)) - 1n) << BigInt(64 - bits);
  const min = target / 8;
  return { target, min, max: target * 2, mask, skip: min > GEAR_WINDOW ? min - GEAR_WINDOW - 1 : 0 };
}

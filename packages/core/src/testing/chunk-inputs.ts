// The inputs every chunker must get right: sizes around Xet's minimum and maximum chunk, runs of
// zeros (which never hit a boundary), repeated blocks, and random sizes.

import { seededBytes } from './random.js';

const KiB = 1024;
const MiB = 1024 * KiB;

export function repeated(block: Uint8Array, times: number): Uint8Array {
  const out = new Uint8Array(block.length * times);
  for (let i = 0; i < times; i++) out.set(block, i * block.length);
  return out;
}

export function edgeInputs(): Array<[string, Uint8Array]> {
  const inputs: Array<[string, Uint8Array]> = [
    ['empty', new Uint8Array(0)],
    ['1 byte', seededBytes(1, 1)],
    ['63 bytes', seededBytes(2, 63)],
    ['just under min', seededBytes(3, 8 * KiB - 1)],
    ['at min', seededBytes(4, 8 * KiB)],
    ['just over min', seededBytes(5, 8 * KiB + 1)],
    ['just under max', seededBytes(6, 128 * KiB - 1)],
    ['at max', seededBytes(7, 128 * KiB)],
    ['just over max', seededBytes(8, 128 * KiB + 1)],
    ['1 MiB random', seededBytes(9, MiB)],
    ['zeros 1 MiB + 7', new Uint8Array(MiB + 7)],
    ['repeated 100 KiB blocks', repeated(seededBytes(10, 100 * KiB), 12)],
    ['random then zeros then random', (() => {
      const a = new Uint8Array(3 * MiB);
      a.set(seededBytes(11, MiB));
      a.set(seededBytes(12, MiB), 2 * MiB);
      return a;
    })()],
  ];
  for (let i = 0; i < 12; i++) {
    const size = Math.floor(seededBytes(100 + i, 3).reduce((a, b) => a * 256 + b, 0) % (2 * MiB));
    inputs.push([`random size ${size}`, seededBytes(200 + i, size)]);
  }
  return inputs;
}

// The team's code, which alice and bob both run: two slow functions memoised into the shared
// cache project. A memo key is the function's source text and its arguments, so the same call
// in either process is the same entry. `onCompute` tells the caller that a body really ran.

import { createMemoApi } from '@xetcache/core';
import type { Runtime } from 'xetcache';
import { noise } from '../../bench/src/measure.js';

/** How long the "work" takes: just over memo's default threshold (3 s), so results are stored. */
const WORK_MS = 3100;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function lab(runtime: Runtime, onCompute: (name: string) => void) {
  const { memo } = createMemoApi(runtime);

  /** A model's weights: `bytes` of seeded noise, after a while. */
  const train = memo(
    async function train(run: number, bytes: number): Promise<Uint8Array> {
      onCompute('train');
      await sleep(WORK_MS);
      return noise(bytes, 1000 + run);
    },
  );

  /** The same weights with 1% of them changed, in the middle. */
  const finetune = memo(
    async function finetune(run: number, bytes: number): Promise<Uint8Array> {
      const weights = (await train(run, bytes)).slice();
      onCompute('finetune');
      await sleep(WORK_MS);
      weights.set(noise(Math.ceil(bytes / 100), 2000 + run), Math.floor(bytes / 2));
      return weights;
    },
  );

  return { train, finetune };
}

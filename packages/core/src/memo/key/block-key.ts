// The key of a memoBlock() cell (`%%xetmemo input=… output=…`): the code of `compute` and the
// names and values of its inputs. Outputs are not part of it: they are what gets cached.

import { XetcacheError } from '../../errors.js';
import { DOMAIN } from './format.js';
import type { KeyedHash } from '../../hash/blake3.js';
import { functionHash } from './fn-identity.js';
import { hashRecord, hashValues } from './hash-values.js';
import { keyPath, safeName } from './key-path.js';
import type { MemoKey } from './memo-key.js';
import { BLOCK_HINT } from './unkeyable.js';

/** The key of a memoBlock() cell; `parts.argNames` holds the sorted input names. */
export function blockKey(compute: Function, inputs: Record<string, unknown>, options: { hash: KeyedHash }): MemoKey {
  if (typeof compute !== 'function') {
    throw new XetcacheError('EINVAL', `memoBlock() needs a compute function, got ${typeof compute}`);
  }
  if (typeof inputs !== 'object' || inputs === null) {
    throw new XetcacheError('EINVAL', 'memoBlock() needs `inputs` as an object of named values');
  }
  const fnName = safeName(compute.name, 'block');
  const fnHash = functionHash(compute, DOMAIN.block, compute.name, options.hash);
  const argNames = Object.keys(inputs).sort();
  const argHashes = hashValues(
    argNames.map((n) => inputs[n]),
    options.hash,
    (i) => ({
      label: `input ${JSON.stringify(argNames[i])}`,
      root: argNames[i],
      hint: BLOCK_HINT,
      data: { input: argNames[i] },
    }),
  );
  const callHash = hashRecord([DOMAIN.blockCall, fnHash, argNames, argHashes], options.hash);
  return { key: keyPath(fnName, fnHash, callHash), parts: { fnName, fnHash, version: '', argHashes, argNames } };
}

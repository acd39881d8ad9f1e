// The key of one memo() call: the function's identity, its version and each argument's hash.

import { XetcacheError } from '../../errors.js';
import { DOMAIN } from './format.js';
import type { KeyedHash } from '../../hash/blake3.js';
import { functionHash } from './fn-identity.js';
import { hashRecord, hashValues } from './hash-values.js';
import { keyPath, safeName } from './key-path.js';
import { argumentName } from './param-names.js';
import { MEMO_HINT } from './unkeyable.js';

export interface MemoKeyParts {
  /** The function's name as it appears in the key. */
  fnName: string;
  /** Hex hash of the function's name and source text. */
  fnHash: string;
  /** The `version` option as a string, '' when none was given. */
  version: string;
  /** Hex hash of each argument's canonical encoding, in order. */
  argHashes: string[];
  /** memoBlock only: the input names, sorted, matching argHashes. */
  argNames?: string[];
}

export interface MemoKey {
  key: string;
  parts: MemoKeyParts;
}

export interface MemoKeyOptions {
  version?: string | number;
  hash: KeyedHash;
  /** Replaces `fn.name`, e.g. for anonymous functions. */
  name?: string;
}

/**
 * The key of calling `fn` with `args`: `memo/<name>/<first 16 hex of fnHash>/<64 hex>`, where the
 * last part hashes the full function hash, the version and every argument hash.
 */
export function memoKey(fn: Function, args: readonly unknown[], options: MemoKeyOptions): MemoKey {
  if (typeof fn !== 'function') throw new XetcacheError('EINVAL', `memo() needs a function, got ${typeof fn}`);
  const name = options.name ?? fn.name;
  const fnName = safeName(name, 'anonymous');
  const fnHash = functionHash(fn, DOMAIN.fn, name, options.hash);
  const version = options.version === undefined ? '' : String(options.version);
  const argHashes = hashValues(args, options.hash, (i) => ({
    label: `argument ${i + 1}`,
    root: argumentName(Function.prototype.toString.call(fn), i),
    hint: MEMO_HINT,
    data: { argument: i + 1 },
  }));
  const callHash = hashRecord([DOMAIN.call, fnHash, version, argHashes], options.hash);
  return { key: keyPath(fnName, fnHash, callHash), parts: { fnName, fnHash, version, argHashes } };
}

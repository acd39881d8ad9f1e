// `v8`: Node's structured-clone serializer, for what JSON cannot keep (Map, Set, Date, RegExp,
// typed arrays, BigInt, undefined, NaN, -0, cycles, errors). Its bytes are readable by Node
// (and other V8 hosts) only, so it comes after json in the pick order.

import { deserialize, serialize } from 'node:v8';
import { XetcacheError } from '../errors.js';
import { cloneProblem } from '../serializers/clone-check.js';
import type { Serializer } from '../serializers/serializer.js';

// Node's serializer writes a Buffer as a host object and reads it back as a Buffer.
const options = { hostPrototypes: [Buffer.prototype] };
const problem = (value: unknown) => cloneProblem(value, options);

export const v8Serializer: Serializer = {
  name: 'v8',
  accepts: (value) => problem(value) === undefined,
  explain: problem,

  serialize(value) {
    const why = problem(value);
    if (why !== undefined) {
      throw new XetcacheError('ESERIALIZER', `serializer 'v8' cannot store this value exactly: ${why}`, {
        serializer: 'v8',
        problem: why,
      });
    }
    // A plain view of the Buffer node:v8 returns: no copy of what may be a large encoding.
    const out = serialize(value);
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  },

  deserialize(bytes) {
    try {
      return deserialize(bytes) as unknown;
    } catch (cause) {
      throw new XetcacheError('EBADFORMAT', `bytes stored with serializer 'v8' cannot be decoded: ${String(cause)}`, {
        serializer: 'v8',
        cause,
      });
    }
  },
};

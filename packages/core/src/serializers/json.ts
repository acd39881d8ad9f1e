// `json`: portable and readable by any language, for values JSON keeps exactly. It refuses the
// rest (Date, Map, undefined, NaN, -0, …) rather than hand back something else on the next read.

import { XetcacheError } from '../errors.js';
import { jsonProblem } from './json-check.js';
import type { Serializer } from './serializer.js';

const encoder = new TextEncoder();
// ignoreBOM keeps a leading U+FEFF in the text instead of dropping it.
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export const jsonSerializer: Serializer = {
  name: 'json',
  accepts: (value) => jsonProblem(value) === undefined,
  explain: jsonProblem,

  serialize(value) {
    const problem = jsonProblem(value);
    if (problem !== undefined) {
      throw new XetcacheError('ESERIALIZER', `serializer 'json' cannot store this value exactly: ${problem}`, {
        serializer: 'json',
        problem,
      });
    }
    return encoder.encode(JSON.stringify(value));
  },

  deserialize(bytes) {
    try {
      return JSON.parse(decoder.decode(bytes)) as unknown;
    } catch (cause) {
      throw new XetcacheError('EBADFORMAT', `bytes stored with serializer 'json' are not JSON: ${String(cause)}`, {
        serializer: 'json',
        cause,
      });
    }
  },
};

// `text`: strings as UTF-8. A string with an unpaired surrogate has no UTF-8 form (the encoder
// would substitute U+FFFD), so `text` declines it and `json`, which escapes it, takes it instead.

import { XetcacheError } from '../errors.js';
import type { Serializer } from './serializer.js';

const encoder = new TextEncoder();
// ignoreBOM keeps a leading U+FEFF in the string instead of dropping it.
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

// In a /u regex \p{Cs} matches only surrogates that are not half of a pair.
const LONE_SURROGATE = /\p{Cs}/u;

function textProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'not a string';
  return LONE_SURROGATE.test(value) ? 'a string with an unpaired surrogate (no UTF-8 form)' : undefined;
}

export const textSerializer: Serializer<string> = {
  name: 'text',
  accepts: (value) => textProblem(value) === undefined,
  explain: textProblem,

  serialize(value) {
    const problem = textProblem(value);
    if (problem !== undefined) {
      throw new XetcacheError('ESERIALIZER', `serializer 'text' cannot store this value exactly: ${problem}`, {
        serializer: 'text',
        problem,
      });
    }
    return encoder.encode(value);
  },

  deserialize(bytes) {
    try {
      return decoder.decode(bytes);
    } catch (cause) {
      throw new XetcacheError('EBADFORMAT', `bytes stored with serializer 'text' are not UTF-8`, {
        serializer: 'text',
        cause,
      });
    }
  },
};

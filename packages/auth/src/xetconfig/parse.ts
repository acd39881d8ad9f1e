// ~/.xetconfig text → data. Errors name the file, line and column but never quote the line:
// the line may hold a token.

import { parse, TomlError, type TomlTable } from 'smol-toml';
import { AuthError } from '../errors.js';

/** Integers stay bigints and floats numbers, so a rewrite keeps `1` and `1.0` apart. */
export const PARSE_OPTIONS = { integersAsBigInt: true } as const;

export function parseXetconfig(text: string, path: string): TomlTable {
  try {
    return parse(text, PARSE_OPTIONS);
  } catch (err) {
    if (!(err instanceof TomlError)) throw err;
    // The first line of smol-toml's message is the reason; the rest is a quote of the file.
    const reason = (err.message.split('\n')[0] ?? '').replace(/^Invalid TOML document:\s*/, '') || 'invalid TOML';
    throw new AuthError('ECONFIG', `${path}:${err.line}:${err.column}: ${reason}; fix or remove that line (the file is TOML)`, {
      path,
      line: err.line,
      column: err.column,
    });
  }
}

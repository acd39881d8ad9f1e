// Read ~/.xetconfig: a missing file is an empty one; an unreadable or malformed one is an error
// naming it; one that holds a token and is readable by group or others earns a warning.

import type { TomlTable } from 'smol-toml';
import { AuthError } from '../errors.js';
import { isMissing, type ConfigFs } from './fs.js';
import { parseXetconfig } from './parse.js';
import { isTable } from './select.js';

export interface Xetconfig {
  path: string;
  exists: boolean;
  text: string;
  data: TomlTable;
}

function holdsToken(data: TomlTable): boolean {
  return Object.entries(data).some(([k, v]) => (k === 'token' && typeof v === 'string') || (isTable(v) && holdsToken(v)));
}

export interface ReadOptions {
  /** Mode bits mean nothing on Windows; the check runs elsewhere. */
  checkMode?: boolean;
  warn?: (message: string) => void;
}

export async function readXetconfig(fs: ConfigFs, path: string, options: ReadOptions = {}): Promise<Xetconfig> {
  let text: string;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch (err) {
    if (isMissing(err)) return { path, exists: false, text: '', data: {} };
    const code = (err as { code?: string }).code ?? 'error';
    throw new AuthError('ECONFIG', `cannot read ${path} (${code}); check that it is a readable file`, { path });
  }
  const data = parseXetconfig(text, path);
  if (options.checkMode !== false && options.warn && holdsToken(data)) {
    const { mode } = await fs.stat(path);
    if (mode & 0o077) {
      const octal = (mode & 0o777).toString(8).padStart(4, '0');
      options.warn(`${path} holds a token and is readable by others than you (mode ${octal}); run: chmod 600 ${path}`);
    }
  }
  return { path, exists: true, text, data };
}

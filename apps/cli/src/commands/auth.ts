// What login, logout and whoami share: the credential functions on the CLI's environment, with
// warnings as stderr lines.

import { createNodeAuth, type Auth } from 'xetcache';
import type { CliIo } from '../io.js';
import { cliEnv } from './project.js';

export function cliAuth(io: CliIo): Auth {
  return createNodeAuth(cliEnv(io), { warn: (message) => io.stderr(`xetcache: warning: ${message}\n`) });
}

export const note = (io: CliIo, message: string): void => io.stderr(`xetcache: note: ${message}\n`);

// The `xetcache` command: dispatch to a subcommand, and turn failures into one stderr line and
// an exit code (0 ok, 1 failure, 2 usage).

import { hashCommand } from './commands/hash.js';
import { exitCodeOf, UsageError } from './errors.js';
import type { CliIo } from './io.js';

type Command = (args: string[], io: CliIo) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  hash: hashCommand,
};

const USAGE = `usage: xetcache <command> [options]

commands:
  hash FILE [--json]    oid, size, Xet file hash (and chunks with --json) of a file
`;

export async function run(argv: string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  try {
    if (!name || name === '--help' || name === '-h' || name === 'help') {
      io.stdout(USAGE);
      return name ? 0 : 2;
    }
    const command = COMMANDS[name];
    if (!command) throw new UsageError(`unknown command '${name}'; see 'xetcache --help'`);
    return await command(args, io);
  } catch (err) {
    const message = (err as Error).message ?? String(err);
    // parseArgs reports unknown or malformed flags with these codes.
    const code = (err as { code?: string }).code ?? '';
    const usage = code.startsWith('ERR_PARSE_ARGS') ? 2 : exitCodeOf(err);
    io.stderr(`xetcache: ${message.split('\n')[0]}\n`);
    return usage;
  }
}

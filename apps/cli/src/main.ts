// The `xetcache` command: dispatch to a subcommand, and turn failures into one stderr line and
// an exit code (0 ok, 1 failure, 2 usage).

import { daemonCommand } from './commands/daemon.js';
import { exportCommand, importCommand } from './commands/bundle.js';
import { gcCommand } from './commands/gc.js';
import { getCommand } from './commands/get.js';
import { hashCommand } from './commands/hash.js';
import { hubCommand } from './commands/hub.js';
import { loginCommand } from './commands/login.js';
import { logoutCommand } from './commands/logout.js';
import { lsCommand } from './commands/ls.js';
import { projectCommand } from './commands/project-create.js';
import { putCommand } from './commands/put.js';
import { rmCommand } from './commands/rm.js';
import { serveCommand } from './commands/serve.js';
import { showCommand } from './commands/show.js';
import { statsCommand } from './commands/stats.js';
import { cloneCommand, pullCommand, pushCommand, syncCommand } from './commands/sync.js';
import { verifyCommand } from './commands/verify.js';
import { whoamiCommand } from './commands/whoami.js';
import { exitCodeOf, UsageError } from './errors.js';
import type { CliIo } from './io.js';

type Command = (args: string[], io: CliIo) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  hash: hashCommand,
  ls: lsCommand,
  show: showCommand,
  get: (args, io) => getCommand(args, io, io.binaryOut),
  put: putCommand,
  rm: rmCommand,
  verify: verifyCommand,
  gc: gcCommand,
  stats: statsCommand,
  export: exportCommand,
  import: importCommand,
  login: loginCommand,
  logout: logoutCommand,
  whoami: whoamiCommand,
  project: projectCommand,
  clone: cloneCommand,
  push: pushCommand,
  pull: pullCommand,
  sync: syncCommand,
  serve: serveCommand,
  hub: hubCommand,
  daemon: daemonCommand,
};

const USAGE = `usage: xetcache <command> [options]

commands (every project command takes --project P and --json):
  ls                               the entries of the project
  show KEY                         every metadata field of an entry
  get KEY [-o FILE]                an entry's stored bytes, to stdout or a file
  put KEY FILE [--serializer NAME] [--ttl DURATION]
                                   store a file's bytes under a key (replacing it)
  rm KEY... [--yes]                remove entries (a dry run unless --yes)
  verify [--repair]                check every entry and stored byte
  gc [--max-size SIZE] [--dry-run] drop expired and least recently used entries
  stats                            entries, logical vs stored bytes, hits, misses
  export KEY... -o FILE.tar        entries and their values as a tar bundle
  import FILE.tar                  record the entries of a bundle
  hash FILE [--json]               oid, size, Xet file hash (and chunks with --json) of a file
  login -u USER -p TOKEN [-e EMAIL] [--endpoint URL]
                                   check a token with the hub and store it (keychain or ~/.xetconfig);
                                   -p - reads the token from standard input
  logout [--endpoint URL]          remove the stored credentials for the hub
  whoami [--json]                  who the credentials in force belong to, and where they come from
  project create OWNER/NAME [--no-clone]
                                   create a project on the hub and clone it to its default place
  project use OWNER/NAME           make it the default project ([xetcache] project in ~/.xetconfig)
  clone [--lazy] URL|OWNER/NAME [DIR]
                                   clone a hub project; --lazy: values come down on first use
  push                             send the values the hub lacks (as chunks), then the entries
  pull                             merge the hub's entries; a non-lazy project downloads new values
  sync                             pull, then push
  serve [--port N] [--host H] [--data DIR] [--storage DIR]
                                   run the hub (default 127.0.0.1:4747, data in ./.xetcache-hub)
  hub user add NAME [--admin] [--email EMAIL]
                                   add a user to the hub; prints their token
  hub token create --user NAME [--project OWNER/NAME] [--scope read|write|admin]
                                   a new token; prints it
  daemon start | stop | status [--json] | run
                                   the background agent that pushes new entries within seconds
                                   and pulls every XETCACHE_SYNC_INTERVAL seconds (default 10);
                                   run: in the foreground, for service managers

The project is --project, else XETCACHE_PROJECT, else [xetcache] project in ~/.xetconfig, else
local/default: a name (owner/name, kept under $XETCACHE_HOME/projects) or a directory. The hub is
--endpoint, else XET_ENDPOINT, else endpoint in ~/.xetconfig, else http://127.0.0.1:4747.
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

// `xetcache daemon start | stop | status [--json] | run`: the per-user sync agent. `start`
// launches `xetcache daemon run` detached and returns once it answers; `run` is the daemon in
// the foreground (for service managers: systemd, launchd); `status --json` prints SPEC §4's table.

import { parseArgs } from 'node:util';
import { daemonStatus, startDaemon, startDetached, stopDaemon, type DaemonStatus } from '@xetcache/sync-daemon';
import { xetcacheHome } from 'xetcache';
import { UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { cliEnv, formatBytes, json } from './project.js';

const USAGE = 'usage: xetcache daemon start | stop | status [--json] | run';

function describe(status: DaemonStatus): string {
  if (!status.running) return 'daemon: not running\n';
  const lines = [`daemon: running (pid ${status.pid}, control port ${status.port})`];
  if (!status.projects.length) lines.push('  no project with a hub remote yet');
  for (const p of status.projects) {
    const pending = p.pendingEntries ? `${p.pendingEntries} entries (${formatBytes(p.pendingBytes)}) waiting` : 'nothing waiting';
    lines.push(`  ${p.name}: last push ${p.lastPush ?? 'never'}, last pull ${p.lastPull ?? 'never'}, ${pending}${p.lastError ? `; last error: ${p.lastError}` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

export async function daemonCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean', default: false } }, allowPositionals: true });
  const [action, ...rest] = positionals;
  if (!action || rest.length) throw new UsageError(USAGE);
  const env = cliEnv(io);
  const home = xetcacheHome(env);
  switch (action) {
    case 'status': {
      const status = await daemonStatus(home);
      if (values.json) json(io, status);
      else io.stdout(describe(status));
      return 0;
    }
    case 'start': {
      if (!io.selfCommand) throw new Error('the daemon can be started only from the xetcache command');
      const result = await startDetached(home, { ...io.selfCommand, args: [...io.selfCommand.args, 'daemon', 'run'], env: io.env, cwd: io.cwd });
      if (values.json) json(io, { running: true, pid: result.pid, port: result.port, started: result.started });
      else io.stdout(result.started ? `daemon: started (pid ${result.pid})\n` : `daemon: already running (pid ${result.pid})\n`);
      return 0;
    }
    case 'stop': {
      const result = await stopDaemon(home);
      if (values.json) json(io, { running: false, pid: result.pid, stopped: result.stopped });
      else io.stdout(result.stopped ? `daemon: stopped (pid ${result.pid})\n` : 'daemon: not running\n');
      return 0;
    }
    case 'run': {
      if (!io.untilSignal) throw new Error('daemon run works only as a process of its own');
      const daemon = await startDaemon({ env, echo: values.json ? (line) => io.stdout(line) : undefined });
      io.stderr(`xetcache: daemon running (pid ${daemon.pid}, control port ${daemon.port}); log in ${home}/daemon/log.jsonl\n`);
      const signal = io.untilSignal().then((name) => io.stderr(`xetcache: ${name}: stopping the daemon\n`));
      await Promise.race([daemon.stopped, signal]);
      await daemon.stop();
      return 0;
    }
    default:
      throw new UsageError(USAGE);
  }
}

// Process entry of the hub (`npm start`, `xetcache-hub`): settings from the environment, start,
// print the banner, and on SIGINT/SIGTERM drain and exit. The only file that reads process globals.

import { banner } from './banner.js';
import { settingsFromEnv } from './config.js';
import { startHub } from './main.js';

try {
  const settings = settingsFromEnv(process.env, process.cwd());
  const running = await startHub({ ...settings, processEnv: process.env });
  process.stdout.write(banner(running, { adminTokenFromEnv: Boolean(settings.adminToken) }));
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      process.stderr.write(`xetcache-hub: ${signal} again, exiting now\n`);
      process.exit(1);
    }
    stopping = true;
    process.stderr.write(`xetcache-hub: ${signal}: finishing requests in flight, then stopping\n`);
    void running.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
} catch (err) {
  process.stderr.write(`xetcache-hub: ${(err as Error).message}\n`);
  process.exitCode = 1;
}

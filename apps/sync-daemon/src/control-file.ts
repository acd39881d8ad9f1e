// control.json: how the CLI finds and talks to the running daemon. Written atomically at mode
// 0600 once the control API listens (it holds the control token); removed when the daemon stops.

import { randomBytes } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';

export interface ControlInfo {
  pid: number;
  port: number;
  token: string;
  startedAt: string;
}

export const newControlToken = (): string => randomBytes(24).toString('base64url');

export async function writeControl(path: string, info: ControlInfo): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  const handle = await open(tmp, 'w', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(info, null, 2)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, path);
}

/** The control file's contents, or undefined when absent or not written by a daemon. */
export async function readControl(path: string): Promise<ControlInfo | undefined> {
  let value: Partial<ControlInfo>;
  try {
    value = JSON.parse(await readFile(path, 'utf8')) as Partial<ControlInfo>;
  } catch {
    return undefined;
  }
  const { pid, port, token, startedAt } = value;
  if (typeof pid !== 'number' || typeof port !== 'number' || typeof token !== 'string' || typeof startedAt !== 'string') return undefined;
  return { pid, port, token, startedAt };
}

/** Remove the control file if it is still this daemon's. */
export async function removeControl(path: string, pid: number): Promise<void> {
  if ((await readControl(path))?.pid === pid) await rm(path, { force: true });
}

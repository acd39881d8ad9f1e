// Replace ~/.xetconfig atomically with mode 0600: a temporary file beside it, synced, renamed
// over it. A symbolic link is refused rather than followed or replaced: it usually points into a
// dotfiles repository, where a token must not land, and replacing it would silently detach it.

import { AuthError } from '../errors.js';
import { isMissing, type ConfigFs } from './fs.js';

export const CONFIG_MODE = 0o600;

/** Throw unless `path` can be written: missing, or a regular file (not a link). */
export async function assertWritable(fs: ConfigFs, path: string): Promise<void> {
  let stats;
  try {
    stats = await fs.lstat(path);
  } catch (err) {
    if (isMissing(err)) return;
    throw err;
  }
  if (stats.isSymbolicLink()) {
    throw new AuthError(
      'ESYMLINK',
      `${path} is a symbolic link and xetcache does not write through links; replace it with a regular file (or edit its target yourself, or use XET_USER_NAME and XET_USER_TOKEN)`,
      { path },
    );
  }
  if (!stats.isFile()) throw new AuthError('ECONFIG', `${path} is not a regular file`, { path });
}

export async function writeXetconfig(fs: ConfigFs, path: string, text: string): Promise<void> {
  await assertWritable(fs, path);
  const tmp = `${path}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`;
  try {
    const handle = await fs.open(tmp, 'wx', CONFIG_MODE);
    try {
      await handle.writeFile(text, 'utf8');
      // The mode given to open is reduced by the umask; the file must end up exactly 0600.
      await handle.chmod(CONFIG_MODE);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, path);
  } catch (err) {
    await fs.unlink(tmp).catch(() => undefined);
    if (err instanceof AuthError) throw err;
    const code = (err as { code?: string }).code ?? 'error';
    throw new AuthError('ECONFIG', `cannot write ${path} (${code}); check the permissions of its directory`, { path });
  }
}

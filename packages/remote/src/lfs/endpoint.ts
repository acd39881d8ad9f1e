// Where a repository's LFS server is, found as git-lfs finds it: an explicit LFS URL (lfs.url,
// e.g. from a committed .lfsconfig) wins; otherwise the git remote's URL + `.git/info/lfs`, or
// + `/info/lfs` when it already ends in `.git`. SSH remotes map to https on the same host and
// path. User info is dropped: credentials travel in headers only.

import { RemoteError } from '../errors.js';

export interface LfsEndpointOptions {
  /** An explicit LFS server URL; used as it is (less a trailing slash and user info). */
  lfsUrl?: string;
}

function clean(url: URL): string {
  url.username = '';
  url.password = '';
  url.search = '';
  url.hash = '';
  return url.href.replace(/\/+$/, '');
}

function parseHttp(text: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new RemoteError('EINVAL', `${what} is not a URL: ${JSON.stringify(text.slice(0, 200))}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new RemoteError('EINVAL', `${what} must be an http(s) URL to reach an LFS server, got ${url.protocol}`);
  }
  return url;
}

/** An ssh:// or scp-like (`[user@]host:path`) remote as the https URL git-lfs would use. */
function fromSsh(remote: string): URL | undefined {
  const ssh = /^(?:git\+)?ssh:\/\/(?:[^@/]+@)?([^/:]+)(?::\d+)?\/(.*)$/.exec(remote);
  const scp = ssh ? undefined : /^(?:[^@/:]+@)?([^/:]+):(?!\/\/)(.+)$/.exec(remote);
  const match = ssh ?? scp;
  if (!match) return undefined;
  return new URL(`https://${match[1]!}/${match[2]!.replace(/^\/+/, '')}`);
}

export function lfsEndpoint(remoteUrl: string, options: LfsEndpointOptions = {}): string {
  if (options.lfsUrl) return clean(parseHttp(options.lfsUrl, 'the LFS URL'));
  const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(remoteUrl) && !/^(git\+)?ssh:/i.test(remoteUrl) ? parseHttp(remoteUrl, 'the remote') : fromSsh(remoteUrl);
  if (!url) throw new RemoteError('EINVAL', `cannot tell the LFS server of the remote ${JSON.stringify(remoteUrl.slice(0, 200))}; give an http(s) remote or an LFS URL`);
  const base = clean(url);
  return base.endsWith('.git') ? `${base}/info/lfs` : `${base}.git/info/lfs`;
}

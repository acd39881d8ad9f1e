// What every credential operation is handed (SPEC §1: libraries read no process globals), and the
// per-instance state built on it: the in-process login, the keychain once loaded and probed, and
// warnings said once.

import type { FetchLike } from './hub.js';
import { withTimeout, probeKeychain, KEYCHAIN_TIMEOUT_MS } from './keychain/guard.js';
import type { Keychain } from './keychain/port.js';
import { DEFAULT_ENDPOINT, normalizeEndpoint } from './endpoint.js';
import { AuthError } from './errors.js';
import type { ConfigFs } from './xetconfig/fs.js';
import { xetconfigPath } from './xetconfig/path.js';
import { readXetconfig, type Xetconfig } from './xetconfig/read.js';

export interface AuthDeps {
  /** The environment: XET_USER_NAME, XET_USER_TOKEN, XET_USER_EMAIL, XET_ENDPOINT. */
  env: Record<string, string | undefined>;
  /** Where ~/.xetconfig is. */
  homedir: string;
  fs: ConfigFs;
  fetch: FetchLike;
  /** The keychain, or how to load it on first use; none when absent or when it resolves undefined. */
  keychain?: Keychain | (() => Promise<Keychain | undefined>);
  /** Like process.platform; file modes are not checked on 'win32'. */
  platform?: string;
  /** Said once per distinct message (a config readable by others, a keychain that failed). */
  warn?: (message: string) => void;
  hubTimeoutMs?: number;
  keychainTimeoutMs?: number;
}

export type CredentialSource = 'login' | 'env' | 'xetconfig' | 'keychain';

export interface Credentials {
  user: string;
  token: string;
  email?: string;
  endpoint: string;
  source: CredentialSource;
  /** Where exactly, for people: a file and table, variables, the keychain. */
  origin: string;
}

export class AuthContext {
  session: Credentials | undefined;
  readonly configPath: string;
  private keychainLoaded: Promise<Keychain | undefined> | undefined;
  private keychainProbed: Promise<boolean> | undefined;
  private warned = new Set<string>();

  constructor(readonly deps: AuthDeps) {
    this.configPath = xetconfigPath(deps.homedir);
  }

  get env(): Record<string, string | undefined> {
    return this.deps.env;
  }

  warn(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.deps.warn?.(message);
  }

  readConfig(): Promise<Xetconfig> {
    return readXetconfig(this.deps.fs, this.configPath, { checkMode: this.deps.platform !== 'win32', warn: (m) => this.warn(m) });
  }

  /** The keychain with deadlines on every call, or undefined when there is none here. */
  keychain(): Promise<Keychain | undefined> {
    this.keychainLoaded ??= (async () => {
      const given = this.deps.keychain;
      const keychain = typeof given === 'function' ? await given().catch(() => undefined) : given;
      return keychain && withTimeout(keychain, this.deps.keychainTimeoutMs ?? KEYCHAIN_TIMEOUT_MS);
    })();
    return this.keychainLoaded;
  }

  /** Whether the keychain stores and returns secrets (probed once). */
  keychainWorks(): Promise<boolean> {
    this.keychainProbed ??= this.keychain().then((k) => (k ? probeKeychain(k) : false));
    return this.keychainProbed;
  }

  /** The endpoint in use: the one asked for, else the in-process login's, else the configured one. */
  async endpoint(explicit?: string): Promise<string> {
    if (explicit) return normalizeEndpoint(explicit);
    if (this.session) return this.session.endpoint;
    return this.configuredEndpoint();
  }

  /** XET_ENDPOINT, else the config file's `endpoint`, else DEFAULT_ENDPOINT. */
  async configuredEndpoint(): Promise<string> {
    if (this.env.XET_ENDPOINT) return normalizeEndpoint(this.env.XET_ENDPOINT);
    const { data, path } = await this.readConfig();
    if (data.endpoint === undefined) return DEFAULT_ENDPOINT;
    if (typeof data.endpoint !== 'string') throw new AuthError('ECONFIG', `${path}: endpoint must be a string (a URL)`, { path });
    try {
      return normalizeEndpoint(data.endpoint);
    } catch (err) {
      throw new AuthError('ECONFIG', `${path}: ${(err as Error).message}`, { path });
    }
  }
}

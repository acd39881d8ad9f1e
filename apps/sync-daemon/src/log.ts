// The daemon's log: one JSON object per line, appended to a file under XETCACHE_HOME. Every
// string goes through the redactor first, so a token can never reach the file, even inside an
// error message from below. The file is rotated once it passes `maxBytes` (one old file kept).

import { appendFileSync, renameSync, statSync } from 'node:fs';

export type LogLevel = 'info' | 'warn' | 'error';

export interface Logger {
  log(level: LogLevel, event: string, fields?: Record<string, unknown>): void;
  /** Never write this text (a token) to the log. */
  addSecret(secret: string): void;
}

export interface LoggerDeps {
  file: string;
  now?: () => number;
  maxBytes?: number;
  /** Also written here (the foreground daemon prints its log). */
  echo?: (line: string) => void;
}

const CREDENTIALS_IN_URL = /(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+:[^/\s@]+@/gi;
const BEARER = /(\bBearer\s+)[^\s"']+/gi;

export function createRedactor(): { add(secret: string): void; redact(text: string): string } {
  const secrets = new Set<string>();
  return {
    add(secret) {
      if (secret.length >= 4) secrets.add(secret);
    },
    redact(text) {
      let out = text.replace(CREDENTIALS_IN_URL, '$1***@').replace(BEARER, '$1***');
      for (const s of secrets) out = out.split(s).join('***');
      return out;
    },
  };
}

export function createLogger(deps: LoggerDeps): Logger {
  const now = deps.now ?? Date.now;
  const maxBytes = deps.maxBytes ?? 10 * 1024 * 1024;
  const redactor = createRedactor();
  let size = (() => {
    try {
      return statSync(deps.file).size;
    } catch {
      return 0;
    }
  })();

  const clean = (value: unknown): unknown => {
    if (typeof value === 'string') return redactor.redact(value);
    if (value instanceof Error) return redactor.redact(value.message);
    if (Array.isArray(value)) return value.map(clean);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clean(v)]));
    return value;
  };

  return {
    addSecret: (secret) => redactor.add(secret),
    log(level, event, fields = {}) {
      const line = `${JSON.stringify({ time: new Date(now()).toISOString(), level, event, ...(clean(fields) as object) })}\n`;
      try {
        if (size + line.length > maxBytes && size > 0) {
          renameSync(deps.file, `${deps.file}.1`);
          size = 0;
        }
        appendFileSync(deps.file, line, { mode: 0o600 });
        size += Buffer.byteLength(line);
      } catch {
        // A full disk must not stop syncing; the status still carries the last error.
      }
      deps.echo?.(line);
    },
  };
}

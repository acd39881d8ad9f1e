// Where S3 storage is and how to reach it (SPEC §5): `s3://bucket/prefix` from
// XETCACHE_HUB_STORAGE, the standard AWS_* variables, and AWS_ENDPOINT_URL for S3-compatible
// services (path-style addressing then). Checked at start, so a typo is a message, not a trace.

import { HubError } from '../errors.js';
import { isKey } from './keys.js';

export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface S3Settings {
  bucket: string;
  /** Key prefix inside the bucket, no slash at either end; '' for the bucket's root. */
  prefix: string;
  /** An S3-compatible service's URL; AWS itself when unset. */
  endpoint?: string;
  /** AWS_REGION; when unset, the SDK's own lookup (profile), or us-east-1 with an endpoint. */
  region?: string;
  /** Path-style addressing (`endpoint/bucket/key`), what S3-compatible services expect. */
  forcePathStyle: boolean;
  /** From AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; when unset, the SDK's default chain (AWS_PROFILE, SSO, instance roles). */
  credentials?: S3Credentials;
}

const BUCKET = /^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$/;

export const isS3Url = (setting: string): boolean => setting.startsWith('s3://');

/** `s3://bucket/prefix` → bucket and prefix. */
export function parseS3Url(url: string): { bucket: string; prefix: string } {
  const rest = url.slice('s3://'.length);
  const slash = rest.indexOf('/');
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  const prefix = slash < 0 ? '' : rest.slice(slash + 1).replace(/\/+$/, '');
  if (!BUCKET.test(bucket)) {
    throw new HubError('EBADREQUEST', `XETCACHE_HUB_STORAGE: ${JSON.stringify(bucket)} is not a bucket name (3 to 63 lowercase letters, digits, '.', '-'): use s3://bucket/prefix`);
  }
  if (prefix && !isKey(prefix)) {
    throw new HubError('EBADREQUEST', `XETCACHE_HUB_STORAGE: the prefix ${JSON.stringify(prefix.slice(0, 100))} must be '/'-separated names of letters, digits, '.', '_', '-', none starting with '.'`);
  }
  return { bucket, prefix };
}

function checkEndpoint(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new HubError('EBADREQUEST', `AWS_ENDPOINT_URL must be an http(s) URL, got ${JSON.stringify(text.slice(0, 100))}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new HubError('EBADREQUEST', 'AWS_ENDPOINT_URL must be an http(s) URL');
  return text.replace(/\/+$/, '');
}

/** The settings for `url` from the AWS_* variables of `env`. */
export function s3SettingsFromEnv(url: string, env: Record<string, string | undefined>): S3Settings {
  const { bucket, prefix } = parseS3Url(url);
  const endpointText = env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL;
  const endpoint = endpointText ? checkEndpoint(endpointText) : undefined;
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION || (endpoint ? 'us-east-1' : undefined);
  const id = env.AWS_ACCESS_KEY_ID;
  const secret = env.AWS_SECRET_ACCESS_KEY;
  if (Boolean(id) !== Boolean(secret)) {
    throw new HubError('EBADREQUEST', `${id ? 'AWS_SECRET_ACCESS_KEY' : 'AWS_ACCESS_KEY_ID'} is not set: set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or neither (to use AWS_PROFILE or an instance role)`);
  }
  const credentials = id && secret ? { accessKeyId: id, secretAccessKey: secret, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) } : undefined;
  return { bucket, prefix, endpoint, region, forcePathStyle: endpoint !== undefined, credentials };
}

/** How the location is named in messages: never with credentials. */
export const describeS3 = (s: Pick<S3Settings, 'bucket' | 'prefix' | 'endpoint'>): string =>
  `s3://${s.bucket}${s.prefix ? `/${s.prefix}` : ''}${s.endpoint ? ` at ${s.endpoint}` : ''}`;

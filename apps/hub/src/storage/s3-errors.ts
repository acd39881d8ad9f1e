// What an S3 failure means, asked as questions (missing? precondition failed? conflict?), and
// the messages the hub shows for it: one line naming the cause and what to change at start, a
// storage error without bucket or key for a request. Tokens and keys never reach a message.

import { HubError } from '../errors.js';

interface SdkError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $response?: { statusCode?: number };
}

const nameOf = (err: unknown): string => (err as SdkError)?.name ?? '';
export const statusOf = (err: unknown): number | undefined => (err as SdkError)?.$metadata?.httpStatusCode ?? (err as SdkError)?.$response?.statusCode;

/** Something the SDK or its HTTP layer threw (rather than the caller's own body). */
export const isS3Error = (err: unknown): boolean => typeof err === 'object' && err !== null && ('$metadata' in err || '$fault' in err || isNetworkError(err));

export const isMissing = (err: unknown): boolean => ['NoSuchKey', 'NotFound'].includes(nameOf(err)) || (statusOf(err) === 404 && nameOf(err) !== 'NoSuchBucket');

/** The range starts at or past the end: the blob is there and has nothing in it. */
export const isRangeNotSatisfiable = (err: unknown): boolean => nameOf(err) === 'InvalidRange' || statusOf(err) === 416;

/** `If-None-Match: *` found an object at the key. */
export const isPreconditionFailed = (err: unknown): boolean => nameOf(err) === 'PreconditionFailed' || statusOf(err) === 412;

/** A conditional write raced another write or delete of the key; the request did nothing. */
export const isConditionalConflict = (err: unknown): boolean => nameOf(err) === 'ConditionalRequestConflict' || statusOf(err) === 409;

/** The service does not take conditional headers on writes at all. */
export const isNotImplemented = (err: unknown): boolean => nameOf(err) === 'NotImplemented' || statusOf(err) === 501;

function isNetworkError(err: unknown): boolean {
  const code = (err as SdkError)?.code ?? '';
  return ['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE'].includes(code) || ['TimeoutError', 'RequestTimeout'].includes(nameOf(err));
}

const CREDENTIALS = ['InvalidAccessKeyId', 'SignatureDoesNotMatch', 'InvalidToken', 'ExpiredToken', 'TokenRefreshRequired', 'InvalidClientTokenId'];

/** One line for a hub that cannot start on this storage: what is wrong and what to change. */
export function startupError(where: string, endpoint: string | undefined, err: unknown): HubError {
  const name = nameOf(err);
  const code = (err as SdkError)?.code;
  const status = statusOf(err);
  const say = (message: string, hubCode: 'EBADREQUEST' | 'EUNAVAILABLE' = 'EBADREQUEST') => new HubError(hubCode, `storage ${where}: ${message}`, { cause: name || code });
  if (name === 'NoSuchBucket') return say('the bucket does not exist: create it, or correct XETCACHE_HUB_STORAGE');
  if (CREDENTIALS.includes(name)) return say(`the credentials were refused (${name}): check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN)`);
  if (name === 'AccessDenied' || status === 403) return say(`access was denied (${name || 403}): the hub needs s3:GetObject, s3:PutObject, s3:DeleteObject and s3:ListBucket on the bucket and prefix`);
  if (name === 'CredentialsProviderError') return say('no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE');
  if (name === 'PermanentRedirect' || name === 'AuthorizationHeaderMalformed' || status === 301) return say(`the bucket is in another region (${name || status}): set AWS_REGION to the bucket's region`);
  if (/region is missing/i.test((err as SdkError)?.message ?? '')) return say('no region: set AWS_REGION');
  if (isNetworkError(err)) return say(`cannot reach ${endpoint ?? 'S3'} (${code ?? name}): is it running, and is AWS_ENDPOINT_URL right?`, 'EUNAVAILABLE');
  const detail = [name, status && `HTTP ${status}`].filter(Boolean).join(', ');
  return say(`${detail || 'failed'}: ${((err as SdkError)?.message ?? String(err)).slice(0, 200)}`, 'EUNAVAILABLE');
}

/** A storage failure while serving: a 500 that names the operation and S3's answer, not the key. */
export function storageError(operation: string, err: unknown): unknown {
  if (!isS3Error(err)) return err;
  const name = nameOf(err) || (err as SdkError).code || 'error';
  const status = statusOf(err);
  return new HubError('EINTERNAL', `storage: S3 ${operation} failed (${name}${status ? `, HTTP ${status}` : ''})`, { cause: name });
}

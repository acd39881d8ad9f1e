// @xetcache/remote: the network side of xetcache. Runs in Node and in browsers: fetch, sleep,
// clocks and randomness come in as arguments.

// Errors
export { RemoteError, isRetriable, isAuthFailure, isTimeout, isAborted, codeForStatus, type RemoteErrorCode } from './errors.js';

// The HTTP client: one function, wrapped layer by layer
export type { HttpClient, HttpRequest, HttpResponse, HttpBody, ReplayableBody, HeaderReader, FetchLike, Sleep, Timers } from './http/types.js';
export { createHttpClient, DEFAULT_USER_AGENT, type HttpClientDeps } from './http/client.js';
export { createFetchClient, type FetchClientDeps } from './http/fetch-client.js';
export { withRetry, backoffDelay, type RetryOptions, type RetryEvent } from './http/retry.js';
export { createRetryBudget, type RetryBudget, type RetryBudgetOptions } from './http/retry-budget.js';
export { parseRetryAfter } from './http/retry-after.js';
export { withTimeouts, type TimeoutOptions } from './http/timeouts.js';
export { withConcurrency } from './http/concurrency.js';
export { createSemaphore, type Semaphore } from './http/semaphore.js';
export {
  withCredentials,
  cachedCredentials,
  authCredentials,
  basicAuthorization,
  type BasicCredentials,
  type CredentialsProvider,
  type CredentialsOptions,
} from './http/credentials.js';
export { withUserAgent } from './http/user-agent.js';
export { withLog, type RequestLogEvent } from './http/log.js';
export { canReplay, replayable } from './http/body.js';
export { readText, readJson, discard, withBody } from './http/response.js';
export { describeUrl } from './http/describe-url.js';

// git-LFS: server discovery, the batch API, the basic transfer
export { lfsEndpoint, type LfsEndpointOptions } from './lfs/endpoint.js';
export { lfsUrlFromConfig, parseGitConfig, type LfsConfigOptions } from './lfs/lfsconfig.js';
export { createLfsClient, type LfsClient } from './lfs/client.js';
export type { LfsClientDeps } from './lfs/context.js';
export { MAX_BATCH_OBJECTS } from './lfs/batch.js';
export { LFS_MEDIA_TYPE } from './lfs/media.js';
export { EXPIRY_MARGIN_MS, isExpiring } from './lfs/expiry.js';
export type { UploadSource, UploadResult, TransferOptions } from './lfs/upload.js';
export type { ManyOptions, ObjectResult } from './lfs/transfer-many.js';
export type { ProgressCallback } from './lfs/progress.js';
export type { LfsObject, LfsOperation, LfsAction, BatchItem, BatchResult, BatchOptions, Progress, BatchProgress } from './lfs/types.js';

// git: clone, pull (fetch + merge with the entry rule) and push of a cache project's history
export { gitHttp } from './git/http-plugin.js';
export { winner as entryWinner, entryFile } from './git/entry-merge.js';
export { cloneProject, pullProject, pushProject, setRemote, remoteUrl, type GitFs, type GitSyncDeps, type GitIdentity, type PullOptions, type PullResult, type PushOptions } from './git/sync.js';

// Values as chunks: the hub's `xetcache-chunks` transfer, with git-LFS basic as the fallback
export { CHUNKS_TRANSFER, uploadValue, downloadValue, type ChunkClientDeps, type ValueStore, type ValueTransfer, type ChunkListEntry } from './chunks/client.js';
export { CHUNKS_MEDIA_TYPE, readFrames, frameHeader, indexRanges } from './chunks/frames.js';
export { pushValues, fetchValue, type ValueSyncDeps, type ValuesReport } from './chunks/values.js';

// A real S3-compatible server on 127.0.0.1 for hub processes to share (s3rver; see the helper
// beside the hub's S3 backend for what it fills in to behave as S3 does).

export { startS3Server, type S3TestServer, type S3TestServerOptions } from '../../apps/hub/src/storage/testing/s3-server.js';

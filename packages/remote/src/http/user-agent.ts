// Names the client to servers (and their logs), unless the request names one itself.

import type { HttpClient } from './types.js';

export function withUserAgent(client: HttpClient, userAgent: string): HttpClient {
  return (request) =>
    request.headers?.['user-agent'] !== undefined ? client(request) : client({ ...request, headers: { ...request.headers, 'user-agent': userAgent } });
}

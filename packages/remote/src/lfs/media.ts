// The batch API's media type (it is JSON; servers and clients match it loosely).

export const LFS_MEDIA_TYPE = 'application/vnd.git-lfs+json';

export const LFS_JSON_HEADERS: Readonly<Record<string, string>> = {
  accept: LFS_MEDIA_TYPE,
  'content-type': LFS_MEDIA_TYPE,
};

/** Whether a Content-Type names JSON of some kind (the LFS type, plain JSON, with parameters). */
export function isJsonType(contentType: string | null): boolean {
  return contentType !== null && /^application\/(vnd\.git-lfs\+)?json\b/i.test(contentType.trim());
}

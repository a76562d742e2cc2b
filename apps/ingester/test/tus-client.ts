import type { ReadStream } from 'node:fs';
import { Upload, type UploadOptions } from 'tus-js-client';

export type TusSource = Buffer | ReadStream;

/** What a finished tus-js-client upload reported. */
export interface TusOutcome {
  uploadUrl: string;
  /** `Artstore-File-Id` of the last response. */
  fileId: string | null;
}

/** Options every test upload shares: the caller's token, small retry delays. */
export function tusOptions(token: string, extra: UploadOptions = {}): UploadOptions {
  return {
    headers: { authorization: `Bearer ${token}` },
    retryDelays: [100, 300, 500, 1000, 1000, 2000, 2000, 3000],
    ...extra,
  };
}

/** Runs an upload to completion with tus-js-client. */
export function uploadWithTus(source: TusSource, options: UploadOptions): Promise<TusOutcome> {
  return new Promise<TusOutcome>((resolve, reject) => {
    const upload: Upload = new Upload(source, {
      ...options,
      onSuccess: ({ lastResponse }) =>
        resolve({ uploadUrl: upload.url ?? '', fileId: lastResponse.getHeader('Artstore-File-Id') ?? null }),
      onError: reject,
    });
    upload.start();
  });
}

/** Sends the first chunk, then stops the client as a dropped connection would; resolves with the upload URL. */
export function uploadFirstChunk(source: TusSource, options: UploadOptions): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const upload: Upload = new Upload(source, {
      ...options,
      onChunkComplete: () => {
        upload.abort().then(() => resolve(upload.url ?? ''), reject);
      },
      onSuccess: () => reject(new Error('the upload finished before it could be interrupted')),
      onError: reject,
    });
    upload.start();
  });
}

/** `Upload-Metadata` as tus encodes it: `key base64(value)`, comma-separated. */
export function encodeTusMetadata(metadata: Record<string, string>): string {
  return Object.entries(metadata)
    .map(([key, value]) => `${key} ${Buffer.from(value).toString('base64')}`)
    .join(',');
}

/** The upload id (= file id) at the end of an upload URL. */
export function uploadIdOf(uploadUrl: string): string {
  return new URL(uploadUrl).pathname.split('/').pop() ?? '';
}

import { APIError } from '@lumiku/sdk';

export interface UploadedFile { id: string; filename: string; content_type: string; bytes: number }

/**
 * POST /v1/files with upload progress. Browsers stream a fetch body only over HTTP/2, so the SDK's
 * progress callback cannot work over HTTP/1.1 here: XMLHttpRequest reports the bytes sent instead.
 * The session headers are those the SDK's session mode sends.
 */
export function uploadWithProgress(file: File, session: { organization: string; mode: string; csrfToken: string }, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<UploadedFile> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/v1/files');
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('lumiku-organization', session.organization);
    xhr.setRequestHeader('lumiku-mode', session.mode);
    xhr.setRequestHeader('lumiku-csrf-token', session.csrfToken);
    xhr.setRequestHeader('idempotency-key', `dash_${crypto.getRandomValues(new Uint32Array(4)).join('')}`);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = { detail: xhr.responseText.slice(0, 300) };
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as UploadedFile);
      else {
        const headers = new Headers();
        const retryAfter = xhr.getResponseHeader('retry-after');
        if (retryAfter) headers.set('retry-after', retryAfter);
        reject(APIError.from(xhr.status, body as never, headers));
      }
    };
    xhr.onerror = () => reject(new Error('The upload failed: the connection was lost. Try again.'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    const data = new FormData();
    data.append('file', file, file.name);
    xhr.send(data);
  });
}

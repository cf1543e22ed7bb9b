import { fileTypeFromFile } from 'file-type';

/** What a file holds. Uploads are image, video or audio; `archive` (ZIP) exists only as a job output. */
export type FileKind = 'image' | 'video' | 'audio' | 'archive';

export interface SniffedType {
  /** The content type we store and serve. */
  contentType: string;
  kind: FileKind;
  /** Usual extension, without the dot. */
  ext: string;
}

/**
 * What we accept, keyed by the extension `file-type` reports from the magic bytes. A declared
 * Content-Type or a file name never decides anything: content does.
 */
const ACCEPTED: Record<string, SniffedType> = {
  jpg: { contentType: 'image/jpeg', kind: 'image', ext: 'jpg' },
  png: { contentType: 'image/png', kind: 'image', ext: 'png' },
  webp: { contentType: 'image/webp', kind: 'image', ext: 'webp' },
  gif: { contentType: 'image/gif', kind: 'image', ext: 'gif' },
  mp4: { contentType: 'video/mp4', kind: 'video', ext: 'mp4' },
  m4v: { contentType: 'video/mp4', kind: 'video', ext: 'm4v' },
  mov: { contentType: 'video/quicktime', kind: 'video', ext: 'mov' },
  webm: { contentType: 'video/webm', kind: 'video', ext: 'webm' },
  mkv: { contentType: 'video/x-matroska', kind: 'video', ext: 'mkv' },
  mp3: { contentType: 'audio/mpeg', kind: 'audio', ext: 'mp3' },
  m4a: { contentType: 'audio/mp4', kind: 'audio', ext: 'm4a' },
  aac: { contentType: 'audio/aac', kind: 'audio', ext: 'aac' },
  wav: { contentType: 'audio/wav', kind: 'audio', ext: 'wav' },
  ogg: { contentType: 'audio/ogg', kind: 'audio', ext: 'ogg' },
  opus: { contentType: 'audio/ogg', kind: 'audio', ext: 'opus' },
};

/** Human list for error messages and docs. */
export const ACCEPTED_DESCRIPTION = 'JPEG, PNG, WebP, GIF, MP4, MOV, WebM, MKV, MP3, M4A/AAC, WAV or Ogg';

export type SniffResult = { accepted: true; type: SniffedType } | { accepted: false; detected: string | null };

/** Reads only the first bytes of the file (as many as the format's signature needs). */
export async function sniffFile(filePath: string): Promise<SniffResult> {
  const found = await fileTypeFromFile(filePath);
  if (!found) return { accepted: false, detected: null };
  const type = ACCEPTED[found.ext];
  return type ? { accepted: true, type } : { accepted: false, detected: found.mime };
}

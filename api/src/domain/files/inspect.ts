import { FileError } from './errors';
import { ACCEPTED_DESCRIPTION, sniffFile, type FileKind } from './media-types';
import { probeImage, probeMedia, ProbeError, type ImageMetadata, type MediaMetadata } from './probe';

export interface InspectedFile {
  contentType: string;
  kind: FileKind;
  ext: string;
  metadata: ImageMetadata | MediaMetadata;
}

export interface InspectOptions {
  ffprobePath?: string;
  probeTimeoutMs?: number;
}

/**
 * Decides what a local file is from its bytes alone, then reads its media facts. Throws
 * FileError `unsupported_media_type` (not a type we take) or `file_unprocessable` (looks like one
 * but cannot be read as it).
 */
export async function inspectFile(filePath: string, opts: InspectOptions = {}): Promise<InspectedFile> {
  const sniffed = await sniffFile(filePath);
  if (!sniffed.accepted) {
    const what = sniffed.detected ? `${sniffed.detected} content` : 'content of an unrecognised type';
    throw new FileError('unsupported_media_type', `The file has ${what}; accepted are ${ACCEPTED_DESCRIPTION}.`);
  }
  const { type } = sniffed;
  try {
    if (type.kind === 'image') return { ...type, metadata: await probeImage(filePath) };
    const metadata = await probeMedia(filePath, { ffprobePath: opts.ffprobePath, timeoutMs: opts.probeTimeoutMs });
    // A video container holding only sound (an .mp4 of a podcast) is audio to everything downstream.
    const kind: FileKind = type.kind === 'video' && !metadata.has_video ? 'audio' : type.kind;
    return { ...type, kind, metadata };
  } catch (err) {
    if (err instanceof ProbeError) throw new FileError('file_unprocessable', `The file looks like ${type.contentType} but could not be read: ${err.message}.`, { cause: err });
    throw err;
  }
}

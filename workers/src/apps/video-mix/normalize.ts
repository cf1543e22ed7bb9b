/**
 * The video stage: each clip the plan uses is decoded and encoded ONCE to the output frame size,
 * rate and codec settings, as fragmented MP4 with an IDR frame (so a fragment boundary) at every
 * frame where some variant's segment starts or ends; its sound once to AAC (ADTS) and, when some
 * variant changes speed, to raw PCM. What the assembly relies on is checked here.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { VideoMixInput } from '../../../../api/src/domain/apps/video-mix/request';
import { JobError, type RenderContext } from '../../../../api/src/domain/jobs/app-contract';
import { asJobError, ffmpegTimeoutMs, runFfmpeg } from '../../media';
import { adtsPacketOffsets } from './audio';
import { AAC_PACKET_SAMPLES, BYTES_PER_SAMPLE_FRAME, ENCODING, round6, SAMPLE_RATE, x264Args } from './encoding';
import { readFragmentedMp4, type FragmentedTrack } from './fmp4';
import type { ClipWork, SoundNeeds } from './plan';

/** Clips normalised at once: x264 threads well, but short clips leave cores idle between start-ups. */
export const NORMALIZE_CONCURRENCY = 2;

function videoChain(input: VideoMixInput, sourceFps: number | null, frames: number): string {
  const { width: W, height: H, fps } = input;
  // Pixel size from the decoded frame (after autorotation), with its sample aspect ratio.
  const dw = 'iw*sar';
  const scaleBy = input.fit === 'contain' ? `min(${W}/(${dw})\\,${H}/ih)` : `max(${W}/(${dw})\\,${H}/ih)`;
  const toEven = input.fit === 'contain' ? 'round' : 'ceil';
  const sw = `max(2\\,2*${toEven}(${dw}*${scaleBy}/2))`;
  const sh = `max(2\\,2*${toEven}(ih*${scaleBy}/2))`;
  // One colour matrix and range for every clip: all clips must share one sample description (SPS) to be joined.
  const scale = `scale=w=${sw}:h=${sh}:flags=bicubic:out_color_matrix=bt709:out_range=tv`;
  const frame = input.fit === 'contain' ? `pad=${W}:${H}:(ow-iw)/2:(oh-ih)/2:color=black` : `crop=${W}:${H}`;
  // Start exactly at 0 (a late first frame is repeated), so frame n is at n/fps like the audio's sample n·rate/fps.
  const rate = `fps=fps=${fps}:start_time=0`;
  // Dropping frames before scaling is cheaper; when adding frames, scale first.
  const body = sourceFps !== null && sourceFps > fps ? [rate, scale, frame] : [scale, frame, rate];
  // A clip whose picture ends before its probed length (sound runs longer) holds its last frame.
  // The pad must be finite: FFmpeg 4 never ends a two-output graph that holds an endless source.
  return ['[0:v:0]', [...body, 'setsar=1', 'format=yuv420p', `tpad=stop_mode=clone:stop=${frames}`].join(','), '[v]'].join('');
}

export async function normalizeClip(
  input: VideoMixInput,
  ctx: RenderContext,
  cw: ClipWork,
  work: string,
  sound: SoundNeeds,
  signal: AbortSignal,
  onFraction: (f: number) => void,
): Promise<void> {
  const clip = input.clips[cw.clip];
  const source = ctx.files.get(clip.file_id)!;
  const { fps } = input;
  const enc = ENCODING[input.quality];
  const total = cw.boundaries[cw.boundaries.length - 1];
  const cuts = cw.boundaries.slice(1, -1);
  const seconds = total / fps;
  const prefix = `clip-${cw.clip}`;
  const samples = total * sound.samplesPerFrame;

  const graph = [videoChain(input, clip.source_fps, total)];
  const args = [
    // Only read what the plan uses (plus a margin for the decoder and the frame-rate filter).
    '-t', String(round6(seconds + 0.5)),
    '-protocol_whitelist', 'file',
    '-i', `file:${source.path}`,
  ];
  if (sound.aac || sound.pcm) {
    const layout = `aformat=sample_fmts=s16:sample_rates=${SAMPLE_RATE}:channel_layouts=stereo`;
    // Exactly `samples` long: the picture has `total` frames, and frame n starts at sample n·rate/fps.
    const chain = clip.has_audio
      ? `[0:a:0]aresample=${SAMPLE_RATE}:async=1:first_pts=0,${layout},apad=whole_len=${samples},atrim=end_sample=${samples}`
      : `anullsrc=r=${SAMPLE_RATE}:cl=stereo,${layout},atrim=end_sample=${samples}`;
    graph.push(sound.aac && sound.pcm ? `${chain},asplit=2[aac][pcm]` : `${chain}[${sound.aac ? 'aac' : 'pcm'}]`);
  }
  args.push('-filter_complex', graph.join(';'));
  args.push('-map', '[v]', '-frames:v', String(total), ...x264Args(input, enc));
  // An IDR frame (closed GOP) wherever a segment starts or ends; each keyframe opens a fragment,
  // so every segment is a run of whole fragments that decodes on its own.
  args.push('-forced-idr', '1', '-force_key_frames', `expr:${['eq(n,0)', ...cuts.map((c) => `eq(n,${c})`)].join('+')}`);
  const videoFile = path.join(work, `${prefix}.mp4`);
  // No metadata from the source: every clip's `moov` must come out the same.
  args.push('-map_metadata', '-1', '-map_chapters', '-1', '-f', 'mp4', '-movflags', '+frag_keyframe+empty_moov+default_base_moof', `file:${videoFile}`);
  const aacFile = path.join(work, `${prefix}.aac`);
  if (sound.aac) args.push('-map', '[aac]', '-c:a', 'aac', '-b:a', enc.audioBitrate, '-f', 'adts', `file:${aacFile}`);
  if (sound.pcm) {
    cw.pcm = path.join(work, `${prefix}.pcm`);
    args.push('-map', '[pcm]', '-c:a', 'pcm_s16le', '-f', 's16le', `file:${cw.pcm}`);
  }
  try {
    await runFfmpeg(args, {
      signal,
      ffmpegPath: ctx.ffmpegPath,
      expectedSeconds: seconds,
      timeoutMs: ffmpegTimeoutMs(seconds * 4),
      onProgress: (p) => p.fraction !== null && onFraction(p.fraction),
    });
  } catch (err) {
    throw asJobError(err, 'media_unreadable', `Clip ${cw.clip} (${clip.file_id}) could not be decoded.`);
  }
  // Check what the assembly relies on: the planned frames, a fragment at every cut, the planned amount of sound.
  let track: FragmentedTrack;
  try {
    track = await readFragmentedMp4(videoFile);
  } catch (err) {
    throw new JobError('render_failed', `The normalised picture of clip ${cw.clip} (${clip.file_id}) is not readable: ${(err as Error).message}.`, { cause: err });
  }
  const starts = new Set(track.fragments.map((f) => f.firstFrame));
  if (track.frames !== total || cuts.some((c) => !starts.has(c))) {
    throw new JobError('render_failed', `Clip ${cw.clip} (${clip.file_id}) was not cut at the planned frames (${track.frames} of ${total} frames).`);
  }
  cw.video = { file: videoFile, track };
  if (cw.pcm) {
    const { size } = await fs.stat(cw.pcm);
    const want = samples * BYTES_PER_SAMPLE_FRAME;
    if (size !== want) throw new JobError('render_failed', `The sound of clip ${cw.clip} (${clip.file_id}) came out ${size} bytes long instead of ${want}.`);
  }
  if (sound.aac) {
    const offsets = adtsPacketOffsets(await fs.readFile(aacFile));
    // The encoder's priming packet, then one packet per 1024 samples (the last one padded).
    const want = 1 + Math.ceil(samples / AAC_PACKET_SAMPLES);
    if (!offsets || offsets.length - 1 < want) throw new JobError('render_failed', `The sound of clip ${cw.clip} (${clip.file_id}) was not encoded as expected.`);
    cw.aac = { file: aacFile, offsets };
  }
}

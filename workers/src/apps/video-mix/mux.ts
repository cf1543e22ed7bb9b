import type { VideoMixInput, VideoMixPlannedVariant, VideoMixQuality } from '../../../../api/src/domain/apps/video-mix/request';
import { ffmpegTimeoutMs, runFfmpeg } from '../../media';
import { atempoChain } from './audio';
import { AAC_PACKET_SAMPLES, CHANNELS, ENCODING, SAMPLE_RATE, x264Args } from './encoding';

/** Frames a re-timed variant may fall short by after the frame-rate filter rounds; the last one is held. */
const SPEED_SLACK_FRAMES = 4;

/**
 * The final file of one variant: at speed 1 its joined picture and sound are only remuxed
 * (`-c copy`, `+faststart`); otherwise they are re-timed (setpts + atempo) and encoded.
 */
export async function muxVariant(
  input: VideoMixInput,
  v: VideoMixPlannedVariant,
  picture: string,
  audio: { file: string; format: 'adts' | 's16le' } | null,
  dest: string,
  enc: (typeof ENCODING)[VideoMixQuality],
  signal: AbortSignal,
  ffmpegPath: string | undefined,
  onFraction: (f: number) => void,
): Promise<void> {
  const { fps } = input;
  const args = ['-f', 'mp4', '-i', `file:${picture}`];
  if (v.speed === 1) {
    if (audio) {
      // Start one packet early so the first clip's priming packet sits before 0: the MP4 muxer turns
      // that into an edit list, and players skip the priming as they do for any AAC in MP4.
      args.push('-itsoffset', (-AAC_PACKET_SAMPLES / SAMPLE_RATE).toFixed(9), '-f', 'aac', '-i', `file:${audio.file}`);
    }
    args.push('-map', '0:v:0', '-c:v', 'copy');
    if (audio) args.push('-map', '1:a:0', '-c:a', 'copy');
  } else {
    if (audio) args.push('-f', 's16le', '-ar', String(SAMPLE_RATE), '-ac', String(CHANNELS), '-i', `file:${audio.file}`);
    // setpts and atempo by the same factor keep picture and sound together; the frame count and the
    // sample count are then pinned to the plan so rounding in either filter cannot make them drift.
    const samples = v.output_frames * (SAMPLE_RATE / fps);
    const graph = [`[0:v:0]setpts=(PTS-STARTPTS)/${v.speed},fps=fps=${fps},tpad=stop_mode=clone:stop=${SPEED_SLACK_FRAMES}[v]`];
    if (audio) graph.push(`[1:a:0]${atempoChain(v.speed)},apad=whole_len=${samples},atrim=end_sample=${samples}[a]`);
    args.push('-filter_complex', graph.join(';'), '-map', '[v]', '-frames:v', String(v.output_frames), ...x264Args(input, enc));
    if (audio) args.push('-map', '[a]', '-c:a', 'aac', '-b:a', enc.audioBitrate, '-ar', String(SAMPLE_RATE), '-ac', String(CHANNELS));
  }
  if (!audio) args.push('-an');
  args.push('-movflags', '+faststart', '-f', 'mp4', `file:${dest}`);
  const seconds = v.output_frames / fps;
  await runFfmpeg(args, {
    signal,
    ffmpegPath,
    expectedSeconds: seconds,
    timeoutMs: ffmpegTimeoutMs(seconds * (v.speed === 1 ? 1 : 4)),
    onProgress: (p) => p.fraction !== null && onFraction(p.fraction),
  });
}

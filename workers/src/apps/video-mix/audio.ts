/**
 * The audio stage of a variant: its sound is joined from the clips' normalised sound, never
 * encoded again for variants at speed 1 (AAC packets), and from raw PCM for re-timed ones.
 *
 * An AAC packet holds 1024 samples, which never line up with video frames, so cutting AAC at each
 * frame boundary and joining would drift (up to 21 ms per cut, accumulating). Instead each variant
 * picks, per segment, the number of packets that brings its running sound length closest to its
 * running picture length: the offset at every cut stays within half a packet (±10.7 ms at 48 kHz,
 * far below what viewers notice) and never accumulates.
 */
import path from 'node:path';
import type { VideoMixPlannedVariant } from '../../../../api/src/domain/apps/video-mix/request';
import { AAC_PACKET_SAMPLES, BYTES_PER_SAMPLE_FRAME, round6 } from './encoding';
import type { ClipWork, SoundNeeds } from './plan';
import type { Range } from './ranges';

/**
 * Byte offset of every ADTS packet (plus the end of the last), or null when the stream is not
 * plain ADTS with one 1024-sample AAC frame per packet.
 */
export function adtsPacketOffsets(buf: Buffer): number[] | null {
  const offsets: number[] = [];
  let at = 0;
  while (at + 7 <= buf.length) {
    // Sync word 0xFFF, layer 00.
    if (buf[at] !== 0xff || (buf[at + 1] & 0xf6) !== 0xf0) return null;
    const length = ((buf[at + 3] & 0x03) << 11) | (buf[at + 4] << 3) | (buf[at + 5] >> 5);
    if (length < 7 || (buf[at + 6] & 0x03) !== 0) return null;
    offsets.push(at);
    at += length;
  }
  if (at !== buf.length) return null;
  offsets.push(at);
  return offsets;
}

/**
 * Which AAC packets make a variant's sound: for each segment a run of its clip's packets, sized so
 * the sound's running length stays within half a packet of the picture's at every cut. Packet 0 of
 * each clip stream is the encoder's priming; the variant starts with the first clip's (it is dropped
 * again by the MP4 edit list), so packet p ≥ 1 carries the clip's samples [(p−1)·1024, p·1024).
 */
export function planAacPackets(
  segments: ReadonlyArray<{ clip: number; start_frame: number; end_frame: number }>,
  packetsOf: (clip: number) => number,
  samplesPerFrame: number,
): Array<{ clip: number; first: number; count: number }> {
  const runs: Array<{ clip: number; first: number; count: number }> = [];
  if (!segments.length) return runs;
  runs.push({ clip: segments[0].clip, first: 0, count: 1 });
  let target = 0;
  let written = 0;
  for (const s of segments) {
    target += (s.end_frame - s.start_frame) * samplesPerFrame;
    const first = 1 + Math.round((s.start_frame * samplesPerFrame) / AAC_PACKET_SAMPLES);
    const wanted = Math.max(0, Math.round((target - written) / AAC_PACKET_SAMPLES));
    const count = Math.min(wanted, packetsOf(s.clip) - first);
    if (count <= 0) continue;
    const last = runs[runs.length - 1];
    if (last.clip === s.clip && last.first + last.count === first) last.count += count;
    else runs.push({ clip: s.clip, first, count });
    written += count * AAC_PACKET_SAMPLES;
  }
  return runs;
}

/** A variant's sound as byte ranges of its clips' normalised sound: ADTS packets at speed 1, else PCM to re-time. */
export function variantSound(
  v: VideoMixPlannedVariant,
  clipWork: ReadonlyMap<number, ClipWork>,
  sound: SoundNeeds,
  work: string,
  name: string,
): { file: string; format: 'adts' | 's16le'; ranges: Range[] } {
  const { samplesPerFrame } = sound;
  if (v.speed === 1) {
    const packets = planAacPackets(v.segments, (clip) => clipWork.get(clip)!.aac!.offsets.length - 1, samplesPerFrame);
    return {
      file: path.join(work, `${name}.aac`),
      format: 'adts',
      ranges: packets.map((p) => {
        const { file, offsets } = clipWork.get(p.clip)!.aac!;
        return { file, start: offsets[p.first], end: offsets[p.first + p.count] };
      }),
    };
  }
  const bytesPerFrame = samplesPerFrame * BYTES_PER_SAMPLE_FRAME;
  return {
    file: path.join(work, `${name}.pcm`),
    format: 's16le',
    ranges: v.segments.map((seg) => ({ file: clipWork.get(seg.clip)!.pcm!, start: seg.start_frame * bytesPerFrame, end: seg.end_frame * bytesPerFrame })),
  };
}

/** atempo takes 0.5–2.0 per instance; chain instances for anything outside. */
export function atempoChain(speed: number): string {
  const parts: string[] = [];
  let rest = speed;
  while (rest > 2) {
    parts.push('atempo=2');
    rest /= 2;
  }
  while (rest < 0.5) {
    parts.push('atempo=0.5');
    rest /= 0.5;
  }
  parts.push(`atempo=${round6(rest)}`);
  return parts.join(',');
}

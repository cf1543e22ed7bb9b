import fs from 'node:fs/promises';

/**
 * Joining fragmented MP4 without FFmpeg. A normalised clip is one video track written as
 * `ftyp moov (moof mdat)*`, with a fragment starting at every keyframe. Clips encoded with the same
 * settings share the same sample description, so a variant is: one clip's `ftyp moov`, then the
 * fragments it plays, each with its decode time (`tfdt`) and sequence number (`mfhd`) rewritten to
 * follow the previous one. Sample data offsets are relative to each `moof` (`default-base-is-moof`),
 * so fragments can move. FFmpeg then reads ONE file per variant instead of opening and probing
 * every piece, which is what the concat demuxer costs.
 */

export interface Fragment {
  /** File offset of the `moof`. */
  offset: number;
  /** The `moof` box, as read (patched copies are made per use). */
  moof: Buffer;
  /** File offset and size of the `mdat` that follows the `moof`. */
  mdatOffset: number;
  mdatSize: number;
  /** Index of the fragment's first frame in the track, and its frame count. */
  firstFrame: number;
  frames: number;
  /** Sum of its sample durations, in `timescale` units. */
  duration: number;
  /** Where the fields to rewrite are, inside `moof`. */
  mfhdAt: number;
  tfdtAt: number;
  tfdtVersion: number;
}

export interface FragmentedTrack {
  /** `ftyp` + `moov` (everything before the first `moof`). */
  init: Buffer;
  /** The `stsd` box: clips can only be joined when theirs are byte-identical. */
  sampleDescription: Buffer;
  timescale: number;
  fragments: Fragment[];
  frames: number;
}

export class Fmp4Error extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Fmp4Error';
  }
}

interface Box {
  type: string;
  /** Offset of the box in its buffer/file, header size and total size. */
  at: number;
  header: number;
  size: number;
}

function boxAt(buf: Buffer, at: number, end: number): Box {
  if (at + 8 > end) throw new Fmp4Error(`truncated box header at ${at}`);
  let size = buf.readUInt32BE(at);
  const type = buf.toString('latin1', at + 4, at + 8);
  let header = 8;
  if (size === 1) {
    if (at + 16 > end) throw new Fmp4Error(`truncated box header at ${at}`);
    size = Number(buf.readBigUInt64BE(at + 8));
    header = 16;
  } else if (size === 0) {
    size = end - at;
  }
  if (size < header || at + size > end) throw new Fmp4Error(`box ${type} at ${at} overruns its parent`);
  return { type, at, header, size };
}

function children(buf: Buffer, parent: Box | null): Box[] {
  const start = parent ? parent.at + parent.header : 0;
  const end = parent ? parent.at + parent.size : buf.length;
  const out: Box[] = [];
  for (let at = start; at < end; ) {
    const b = boxAt(buf, at, end);
    out.push(b);
    at += b.size;
  }
  return out;
}

function child(buf: Buffer, parent: Box, type: string): Box | undefined {
  return children(buf, parent).find((b) => b.type === type);
}

function path(buf: Buffer, root: Box, types: string[]): Box | undefined {
  let cur: Box | undefined = root;
  for (const t of types) {
    cur = cur && child(buf, cur, t);
  }
  return cur;
}

/** Reads the layout of a single-track fragmented MP4 (box headers and `moov`/`moof` only; media data is not read). */
export async function readFragmentedMp4(file: string): Promise<FragmentedTrack> {
  const handle = await fs.open(file, 'r');
  try {
    const { size } = await handle.stat();
    const head = Buffer.alloc(16);
    const read = async (at: number, length: number) => {
      const buf = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buf, 0, length, at);
      if (bytesRead !== length) throw new Fmp4Error(`short read at ${at}`);
      return buf;
    };
    let init: Buffer | null = null;
    let defaultDuration = 0;
    let timescale = 0;
    let sampleDescription: Buffer | null = null;
    const fragments: Fragment[] = [];
    let pending: Omit<Fragment, 'mdatOffset' | 'mdatSize'> | null = null;
    let frames = 0;
    for (let at = 0; at < size; ) {
      const n = Math.min(16, size - at);
      if (n < 8) throw new Fmp4Error(`truncated box header at ${at}`);
      await handle.read(head, 0, n, at);
      const box = { type: head.toString('latin1', 4, 8), header: 8 };
      let boxSize = head.readUInt32BE(0);
      if (boxSize === 1) {
        if (n < 16) throw new Fmp4Error(`truncated box header at ${at}`);
        boxSize = Number(head.readBigUInt64BE(8));
        box.header = 16;
      } else if (boxSize === 0) {
        boxSize = size - at;
      }
      if (boxSize < box.header || at + boxSize > size) throw new Fmp4Error(`box ${box.type} at ${at} overruns the file`);
      if (box.type === 'moov') {
        const moov = await read(at, boxSize);
        const root = { type: 'moov', at: 0, header: box.header, size: boxSize };
        const mdhd = path(moov, root, ['trak', 'mdia', 'mdhd']);
        const stsd = path(moov, root, ['trak', 'mdia', 'minf', 'stbl', 'stsd']);
        const trex = path(moov, root, ['mvex', 'trex']);
        const traks = children(moov, root).filter((b) => b.type === 'trak');
        if (!mdhd || !stsd || traks.length !== 1) throw new Fmp4Error('expected one track with a sample description');
        timescale = moov[mdhd.at + 8] === 1 ? moov.readUInt32BE(mdhd.at + 28) : moov.readUInt32BE(mdhd.at + 20);
        sampleDescription = Buffer.from(moov.subarray(stsd.at, stsd.at + stsd.size));
        if (trex) defaultDuration = moov.readUInt32BE(trex.at + 20);
        init = Buffer.concat([await read(0, at), moov]);
      } else if (box.type === 'moof') {
        if (pending) throw new Fmp4Error(`moof at ${at} without the previous one's mdat`);
        const moof = await read(at, boxSize);
        pending = { ...parseMoof(moof, defaultDuration), offset: at, moof, firstFrame: frames };
      } else if (box.type === 'mdat' && pending) {
        if (pending.offset + pending.moof.length !== at) throw new Fmp4Error('mdat does not follow its moof');
        fragments.push({ ...pending, mdatOffset: at, mdatSize: boxSize });
        frames += pending.frames;
        pending = null;
      }
      at += boxSize;
    }
    if (!init || !sampleDescription || !timescale) throw new Fmp4Error('no moov before the fragments');
    if (pending) throw new Fmp4Error('the last moof has no mdat');
    return { init, sampleDescription, timescale, fragments, frames };
  } finally {
    await handle.close();
  }
}

function parseMoof(moof: Buffer, trexDuration: number): Pick<Fragment, 'frames' | 'duration' | 'mfhdAt' | 'tfdtAt' | 'tfdtVersion'> {
  const root = boxAt(moof, 0, moof.length);
  const kids = children(moof, root);
  const mfhd = kids.find((b) => b.type === 'mfhd');
  const trafs = kids.filter((b) => b.type === 'traf');
  if (!mfhd || trafs.length !== 1) throw new Fmp4Error('expected one traf per moof');
  const inner = children(moof, trafs[0]);
  const tfhd = inner.find((b) => b.type === 'tfhd');
  const tfdt = inner.find((b) => b.type === 'tfdt');
  if (!tfhd || !tfdt) throw new Fmp4Error('traf without tfhd or tfdt');
  const tfhdFlags = moof.readUInt32BE(tfhd.at + 8) & 0xffffff;
  let p = tfhd.at + 16; // version/flags + track_ID
  if (tfhdFlags & 0x1) p += 8; // base_data_offset
  if (tfhdFlags & 0x2) p += 4; // sample_description_index
  const defaultDuration = tfhdFlags & 0x8 ? moof.readUInt32BE(p) : trexDuration;
  let frames = 0;
  let duration = 0;
  for (const trun of inner.filter((b) => b.type === 'trun')) {
    const flags = moof.readUInt32BE(trun.at + 8) & 0xffffff;
    const count = moof.readUInt32BE(trun.at + 12);
    let q = trun.at + 16;
    if (flags & 0x1) q += 4; // data_offset
    if (flags & 0x4) q += 4; // first_sample_flags
    const perSample = [0x100, 0x200, 0x400, 0x800].filter((f) => flags & f).length * 4;
    if (flags & 0x100) {
      for (let i = 0; i < count; i++) duration += moof.readUInt32BE(q + i * perSample);
    } else {
      duration += count * defaultDuration;
    }
    frames += count;
  }
  if (!duration) throw new Fmp4Error('fragment without sample durations');
  return { frames, duration, mfhdAt: mfhd.at, tfdtAt: tfdt.at, tfdtVersion: moof[tfdt.at + 8] };
}

/** A copy of the fragment's `moof` that starts at `decodeTime` and carries `sequence`. */
export function relocatedMoof(f: Fragment, decodeTime: number, sequence: number): Buffer {
  const moof = Buffer.from(f.moof);
  moof.writeUInt32BE(sequence, f.mfhdAt + 12);
  if (f.tfdtVersion === 1) moof.writeBigUInt64BE(BigInt(decodeTime), f.tfdtAt + 12);
  else if (decodeTime <= 0xffffffff) moof.writeUInt32BE(decodeTime, f.tfdtAt + 12);
  else throw new Fmp4Error('decode time past 32 bits in a version 0 tfdt');
  return moof;
}

/** The fragments covering frames [start, end) exactly, or an error when no fragment starts at `start` or ends at `end`. */
export function fragmentsBetween(track: FragmentedTrack, start: number, end: number): Fragment[] {
  const picked = track.fragments.filter((f) => f.firstFrame >= start && f.firstFrame + f.frames <= end);
  const frames = picked.reduce((s, f) => s + f.frames, 0);
  if (!picked.length || picked[0].firstFrame !== start || frames !== end - start) {
    throw new Fmp4Error(`no fragment boundaries at frames ${start} and ${end}`);
  }
  return picked;
}

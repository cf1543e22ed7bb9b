/**
 * Joins baseline JPEGs of horizontal strips of one image into the JPEG of the whole image, so a
 * large frame can be encoded as several strips on several threads at once.
 *
 * Each strip is a complete baseline JPEG of the same width, encoded with the same settings (so the
 * same tables), every strip but the last a whole number of MCU rows high. A strip's scan starts
 * with the DC predictions at zero and ends padded to a byte, which is exactly what a restart marker
 * does inside one scan. So the joined file is the first strip's headers (the frame height set to
 * the whole), a DRI segment whose restart interval is one strip's MCUs, and the strips' entropy-coded
 * data separated by RST0…RST7: a standard baseline JPEG that decodes to the very pixels a single
 * encode of the whole image would give.
 *
 * Anything else (progressive or arithmetic coding, different tables, restart markers already in
 * use, a strip that is not a whole number of MCU rows) is refused with `null`, and the caller
 * encodes the frame in one piece.
 */

/** Progressive, lossless, hierarchical or arithmetic-coded frames, arithmetic conditioning, and DRI. */
const REFUSED = new Set([0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcc, 0xcd, 0xce, 0xcf, 0xdd]);

interface Parsed {
  /** Segments between SOI and SOS, as they are. */
  headers: Buffer[];
  /** Index into `headers` of the SOF0/SOF1 segment. */
  sof: number;
  sos: Buffer;
  /** Entropy-coded data of the one scan (between the SOS segment and EOI). */
  data: Buffer;
  width: number;
  height: number;
  /** MCU size in pixels. */
  mcuWidth: number;
  mcuHeight: number;
}

function parse(jpeg: Buffer): Parsed | null {
  if (jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return null;
  if (jpeg[jpeg.length - 2] !== 0xff || jpeg[jpeg.length - 1] !== 0xd9) return null;
  const headers: Buffer[] = [];
  let sof = -1;
  let pos = 2;
  while (pos + 4 <= jpeg.length) {
    if (jpeg[pos] !== 0xff) return null;
    const marker = jpeg[pos + 1];
    if (marker === 0xff) {
      pos++; // fill byte
      continue;
    }
    const length = jpeg.readUInt16BE(pos + 2);
    const end = pos + 2 + length;
    if (length < 2 || end > jpeg.length) return null;
    const segment = jpeg.subarray(pos, end);
    if (marker === 0xda) {
      if (sof < 0) return null;
      const frame = headers[sof];
      const width = frame.readUInt16BE(7);
      const height = frame.readUInt16BE(5);
      const components = frame[9];
      // One interleaved scan over every component is the only layout a baseline encoder writes for
      // colour; a scan of fewer components means a multi-scan file.
      if (segment[4] !== components) return null;
      let hMax = 1;
      let vMax = 1;
      for (let c = 0; c < components; c++) {
        const sampling = frame[10 + c * 3 + 1];
        hMax = Math.max(hMax, sampling >> 4);
        vMax = Math.max(vMax, sampling & 0x0f);
      }
      const data = jpeg.subarray(end, jpeg.length - 2);
      // Any marker inside the scan other than stuffing (FF00) or fill means restarts or more scans.
      for (let i = data.indexOf(0xff); i >= 0; i = data.indexOf(0xff, i + 1)) {
        const next = data[i + 1];
        if (next !== 0x00 && next !== 0xff && i + 1 < data.length) return null;
      }
      return { headers, sof, sos: segment, data, width, height, mcuWidth: 8 * hMax, mcuHeight: 8 * vMax };
    }
    // Baseline (C0) or extended sequential Huffman (C1) only; DRI already set is not ours to merge.
    if (marker === 0xc0 || marker === 0xc1) sof = headers.length;
    else if (REFUSED.has(marker)) return null;
    headers.push(segment);
    pos = end;
  }
  return null;
}

/** The joined JPEG, or null when the strips cannot be joined losslessly (then encode the whole frame). */
export function joinJpegStrips(strips: readonly Buffer[]): Buffer | null {
  if (strips.length === 0) return null;
  const parsed = strips.map(parse);
  if (parsed.some((p) => p === null)) return null;
  const parts = parsed as Parsed[];
  const first = parts[0];
  const mcusPerRow = Math.ceil(first.width / first.mcuWidth);
  if (first.height % first.mcuHeight !== 0) return strips.length === 1 ? strips[0] : null;
  const interval = mcusPerRow * (first.height / first.mcuHeight);
  if (interval > 0xffff) return null;
  let height = 0;
  for (const [i, p] of parts.entries()) {
    // Same width, same tables and headers (but the frame height), and whole MCU rows but for the last strip.
    if (p.width !== first.width || p.headers.length !== first.headers.length || !p.sos.equals(first.sos)) return null;
    if (i < parts.length - 1 && p.height !== first.height) return null;
    if (i === parts.length - 1 && p.height > first.height) return null;
    for (let h = 0; h < p.headers.length; h++) {
      if (h === p.sof ? !withoutHeight(p.headers[h]).equals(withoutHeight(first.headers[h])) : !p.headers[h].equals(first.headers[h])) return null;
    }
    height += p.height;
  }
  if (height > 0xffff) return null;
  const sof = Buffer.from(first.headers[first.sof]);
  sof.writeUInt16BE(height, 5);
  const dri = Buffer.from([0xff, 0xdd, 0x00, 0x04, interval >> 8, interval & 0xff]);
  const out: Buffer[] = [Buffer.from([0xff, 0xd8]), ...first.headers.map((h, i) => (i === first.sof ? sof : h)), dri, first.sos];
  parts.forEach((p, i) => {
    if (i > 0) out.push(Buffer.from([0xff, 0xd0 + ((i - 1) % 8)]));
    out.push(p.data);
  });
  out.push(Buffer.from([0xff, 0xd9]));
  return Buffer.concat(out);
}

function withoutHeight(sof: Buffer) {
  const copy = Buffer.from(sof);
  copy.writeUInt16BE(0, 5);
  return copy;
}

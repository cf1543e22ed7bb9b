import crypto from 'node:crypto';
import path from 'node:path';
import sharp, { type OverlayOptions } from 'sharp';
import type { GeneratedImage, GenerateRequest, ModelProvider } from '../../../api/src/domain/ai/provider';
import { FONT_DIR, useBundledFonts } from '../apps/carousel/fonts';

/**
 * The `test` provider: deterministic, offline, free. It is NOT a model and never claims to be: it
 * draws a labelled placeholder ("TEST PLACEHOLDER — NOT AI OUTPUT") that shows what a model would
 * have received, so tests (and people trying the API with a test key) can see it:
 *
 * - the pose skeleton: every non-black pixel of `control_image` is copied as is (OpenPose colours),
 *   over the header band and under the inset, everywhere but the barcode;
 * - the reference image (`image`), cover-fitted into a square inset in the top-right corner;
 * - `background_image` (when sent) as the backdrop, otherwise flat grey (#5A5A5A);
 * - the prompt hash and the seed, as text in the header band and as a 64-cell barcode along the
 *   bottom edge: cells 0–31 are the first 32 bits of SHA-256(prompt), cells 32–63 the seed, most
 *   significant bit first, white = 1, black = 0 (see `decodePlaceholderCode`).
 */

export const PLACEHOLDER_GREY = 0x5a;
export const PLACEHOLDER_LABEL = 'TEST PLACEHOLDER — NOT AI OUTPUT';

export const promptHash32 = (prompt: string) => crypto.createHash('sha256').update(prompt, 'utf8').digest().readUInt32BE(0);

/** Where the placeholder's parts are, for a given size (tests read pixels at these places). */
export function placeholderLayout(width: number, height: number) {
  const header = Math.max(24, Math.round(height / 16));
  const stripe = Math.max(8, Math.round(height / 64));
  const inset = Math.round(Math.min(width, height) / 5);
  const margin = Math.round(inset / 10);
  return {
    header,
    stripe,
    inset: { left: width - inset - margin, top: header + margin, size: inset },
    cell: (i: number) => ({ x0: Math.floor((i * width) / 64), x1: Math.floor(((i + 1) * width) / 64) }),
  };
}

/** Reads the barcode back from a placeholder's raw RGB pixels: the prompt hash and the seed it encodes. */
export function decodePlaceholderCode(raw: Buffer, width: number, height: number, channels: number): { promptHash: number; seed: number } {
  const { stripe, cell } = placeholderLayout(width, height);
  const y = height - Math.ceil(stripe / 2);
  let hash = 0;
  let seed = 0;
  for (let i = 0; i < 64; i++) {
    const { x0, x1 } = cell(i);
    const x = Math.floor((x0 + x1) / 2);
    const bit = raw[(y * width + x) * channels] > 127 ? 1 : 0;
    if (i < 32) hash = (hash * 2 + bit) >>> 0;
    else seed = (seed * 2 + bit) >>> 0;
  }
  return { promptHash: hash, seed };
}

const escapeMarkup = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function testProvider(): ModelProvider {
  let fontsReady = false;
  return {
    name: 'test',
    async generate(req: GenerateRequest): Promise<GeneratedImage> {
      if (!fontsReady) {
        useBundledFonts();
        fontsReady = true;
      }
      const { width: w, height: h } = req;
      const L = placeholderLayout(w, h);
      const raw = req.background_image
        ? await sharp(req.background_image).rotate().resize(w, h, { fit: 'cover' }).removeAlpha().raw().toBuffer()
        : Buffer.alloc(w * h * 3, PLACEHOLDER_GREY);

      const hash = promptHash32(req.prompt);
      const seedBits = req.seed >>> 0;
      for (let c = 0; c < 64; c++) {
        const bit = c < 32 ? (hash >>> (31 - c)) & 1 : (seedBits >>> (63 - c)) & 1;
        const { x0, x1 } = L.cell(c);
        for (let y = h - L.stripe; y < h; y++) raw.fill(bit ? 255 : 0, (y * w + x0) * 3, (y * w + x1) * 3);
      }

      const labels: OverlayOptions[] = [{ input: { create: { width: w, height: L.header, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0.85 } } }, left: 0, top: 0 }];
      const textHeight = Math.max(10, Math.floor(L.header * 0.36));
      const hex = hash.toString(16).padStart(8, '0');
      const label = `<span foreground="#FFD400" weight="bold">${escapeMarkup(PLACEHOLDER_LABEL)}</span>\n<span foreground="white">prompt sha256 ${hex}… · seed ${req.seed} · ${escapeMarkup(req.model.key)}${req.control_image ? ' · pose' : ''}${req.image ? ' · reference' : ''}</span>`;
      const box = { width: Math.max(8, w - 8), height: Math.max(8, L.header - 4) };
      const text = await sharp({ text: { text: label, font: `DejaVu Sans ${textHeight}px`, fontfile: path.join(FONT_DIR, 'DejaVuSans.ttf'), rgba: true, width: box.width, height: box.height, wrap: 'char' } })
        .resize(box.width, box.height, { fit: 'inside', withoutEnlargement: true })
        .png()
        .toBuffer();
      labels.push({ input: text, left: Math.min(4, w - box.width), top: 2 });
      // The header first, then the skeleton over it (a head near the top edge stays visible), then the inset.
      const labelled = await sharp(raw, { raw: { width: w, height: h, channels: 3 } }).composite(labels).removeAlpha().raw().toBuffer();

      if (req.control_image) {
        const decoded = sharp(req.control_image);
        const m = await decoded.metadata();
        const ctl = await (m.width === w && m.height === h ? decoded : decoded.resize(w, h, { fit: 'fill', kernel: 'nearest' })).removeAlpha().raw().toBuffer();
        const top = (h - L.stripe) * w * 3;
        for (let i = 0; i < top; i += 3) {
          if (ctl[i] > 16 || ctl[i + 1] > 16 || ctl[i + 2] > 16) {
            labelled[i] = ctl[i];
            labelled[i + 1] = ctl[i + 1];
            labelled[i + 2] = ctl[i + 2];
          }
        }
      }

      const insets: OverlayOptions[] = [];
      if (req.image) {
        const border = Math.max(2, Math.round(L.inset.size / 40));
        const inner = L.inset.size - 2 * border;
        const thumb = await sharp(req.image).rotate().resize(inner, inner, { fit: 'cover' }).removeAlpha().png().toBuffer();
        insets.push({ input: { create: { width: L.inset.size, height: L.inset.size, channels: 3, background: '#ffffff' } }, left: L.inset.left, top: L.inset.top });
        insets.push({ input: thumb, left: L.inset.left + border, top: L.inset.top + border });
      }
      const image = await sharp(labelled, { raw: { width: w, height: h, channels: 3 } }).composite(insets).png({ compressionLevel: 1 }).toBuffer();
      return {
        image,
        content_type: 'image/png',
        width: w,
        height: h,
        seed: req.seed,
        provider: 'test',
        provider_model: req.model.provider_model,
        fallback: false,
        placeholder: true,
        metadata: { prompt_sha256_32: hex, received: { control_image: Boolean(req.control_image), image: Boolean(req.image), background_image: Boolean(req.background_image) } },
      };
    },
  };
}

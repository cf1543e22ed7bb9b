import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CarouselFontFamily, CarouselFontWeight } from '../../../../api/src/domain/apps/carousel/request';

/**
 * The carousel's fonts: DejaVu TrueType files from the `dejavu-fonts-ttf` npm package (licence:
 * Bitstream Vera / Arev terms, DejaVu changes public domain; see assets/fonts/LICENSES.md).
 *
 * libvips draws text with Pango and fontconfig. `fontfile` only *adds* a file to fontconfig's set:
 * a host font with the same family name can still win, and the host's fontconfig rules (hinting,
 * substitutions) still change the glyphs. So before the first text is drawn in a process,
 * `useBundledFonts()` points fontconfig (FONTCONFIG_FILE) at a configuration of our own that knows
 * only the bundled folder and fixes the rendering settings. Output then depends on the bundled
 * files and libraries alone, never on the host's fonts.
 */

export const FONT_DIR = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');

interface FontFace {
  /** Pango font description prefix (family list ending in a comma, so style words are not misread). */
  pango: string;
  file: string;
}

const FACES: Record<CarouselFontFamily, Record<CarouselFontWeight, FontFace>> = {
  dejavu_sans: {
    normal: { pango: 'DejaVu Sans,', file: 'DejaVuSans.ttf' },
    bold: { pango: 'DejaVu Sans, Bold', file: 'DejaVuSans-Bold.ttf' },
  },
  dejavu_sans_condensed: {
    normal: { pango: 'DejaVu Sans Condensed,', file: 'DejaVuSansCondensed.ttf' },
    bold: { pango: 'DejaVu Sans Condensed, Bold', file: 'DejaVuSansCondensed-Bold.ttf' },
  },
  dejavu_serif: {
    normal: { pango: 'DejaVu Serif,', file: 'DejaVuSerif.ttf' },
    bold: { pango: 'DejaVu Serif, Bold', file: 'DejaVuSerif-Bold.ttf' },
  },
  dejavu_serif_condensed: {
    normal: { pango: 'DejaVu Serif Condensed,', file: 'DejaVuSerifCondensed.ttf' },
    bold: { pango: 'DejaVu Serif Condensed, Bold', file: 'DejaVuSerifCondensed-Bold.ttf' },
  },
  dejavu_sans_mono: {
    normal: { pango: 'DejaVu Sans Mono,', file: 'DejaVuSansMono.ttf' },
    bold: { pango: 'DejaVu Sans Mono, Bold', file: 'DejaVuSansMono-Bold.ttf' },
  },
};

/** Pango font description and absolute font file for a family, weight and pixel size (at 72 dpi, 1 pt = 1 px). */
export function fontFor(family: CarouselFontFamily, weight: CarouselFontWeight, sizePx: number): { font: string; fontfile: string } {
  const face = FACES[family]?.[weight];
  if (!face) throw new Error(`No bundled font for ${family} ${weight}`);
  return { font: `${face.pango} ${sizePx}`, fontfile: path.join(FONT_DIR, face.file) };
}

/** Every bundled font file the carousel can use (for checks and the licence list). */
export function bundledFontFiles(): string[] {
  return Object.values(FACES).flatMap((w) => Object.values(w).map((f) => path.join(FONT_DIR, f.file)));
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The fontconfig configuration: the bundled folder only, and fixed rendering settings. */
export function fontconfigXml(fontDir = FONT_DIR): string {
  return `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<!-- Lumiku carousel: only the bundled fonts, so text looks the same on every host. -->
<fontconfig>
  <dir>${escapeXml(fontDir)}</dir>
  <match target="font">
    <edit name="antialias" mode="assign"><bool>true</bool></edit>
    <edit name="hinting" mode="assign"><bool>true</bool></edit>
    <edit name="hintstyle" mode="assign"><const>hintslight</const></edit>
    <edit name="rgba" mode="assign"><const>none</const></edit>
    <edit name="autohint" mode="assign"><bool>false</bool></edit>
    <edit name="embeddedbitmap" mode="assign"><bool>false</bool></edit>
  </match>
</fontconfig>
`;
}

let configured: string | undefined;

/**
 * Makes fontconfig in this process see the bundled fonts only. Call it before anything draws text
 * (the worker's start is the right place; the carousel renderer also calls it, which is enough
 * when the carousel is the first to draw). It has no effect once fontconfig has started, and it
 * respects a FONTCONFIG_FILE the operator set. Returns the configuration file in use.
 */
export function useBundledFonts(): string {
  if (configured) return configured;
  if (process.env.FONTCONFIG_FILE) return (configured = process.env.FONTCONFIG_FILE);
  const xml = fontconfigXml();
  const hash = crypto.createHash('sha256').update(xml).digest('hex').slice(0, 16);
  const dir = path.join(os.tmpdir(), `lumiku-fontconfig-${hash}`);
  const file = path.join(dir, 'fonts.conf');
  if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== xml) {
    fs.mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, xml);
    fs.renameSync(tmp, file);
  }
  process.env.FONTCONFIG_FILE = file;
  return (configured = file);
}

/**
 * Where pose images are posted, and the frame each needs. Every generated image is cover-cropped
 * (scaled to fill, then cut, never stretched or letterboxed) to each requested size; `original`
 * keeps the generated image as it is.
 */
export const EXPORT_FORMATS = {
  instagram_story: { width: 1080, height: 1920 },
  instagram_feed: { width: 1080, height: 1080 },
  instagram_portrait: { width: 1080, height: 1350 },
  tiktok: { width: 1080, height: 1920 },
  facebook: { width: 1200, height: 630 },
  twitter: { width: 1200, height: 675 },
  linkedin: { width: 1200, height: 627 },
  shopee: { width: 1000, height: 1000 },
  tokopedia: { width: 1200, height: 1200 },
  print_a4: { width: 2480, height: 3508 },
  original: null,
} as const satisfies Record<string, { width: number; height: number } | null>;

/** A target frame: `instagram_story` 1080×1920, `instagram_feed` 1080×1080, `instagram_portrait` 1080×1350, `tiktok` 1080×1920, `facebook` 1200×630, `twitter` 1200×675, `linkedin` 1200×627, `shopee` 1000×1000, `tokopedia` 1200×1200, `print_a4` 2480×3508 (300 dpi), `original` (as generated). */
export type ExportFormat =
  | 'instagram_story'
  | 'instagram_feed'
  | 'instagram_portrait'
  | 'tiktok'
  | 'facebook'
  | 'twitter'
  | 'linkedin'
  | 'shopee'
  | 'tokopedia'
  | 'print_a4'
  | 'original';

export const EXPORT_FORMAT_NAMES = Object.keys(EXPORT_FORMATS) as ExportFormat[];

export function exportSize(format: ExportFormat, original: { width: number; height: number }): { width: number; height: number } {
  return EXPORT_FORMATS[format] ?? original;
}

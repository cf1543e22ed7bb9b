import { defineApp } from '../definition';
import { reformatExamples } from './examples';
import { normalizeReformat, quoteReformat, reformatFileIds, type CreateReformatRequest, type ReformatInput } from './request';

export type { CreateReformatRequest } from './request';

/** Reformats (`/v1/reformats`): one video or image, every social format. */
export const reformat = defineApp<'reformat', CreateReformatRequest, ReformatInput>({
  name: 'reformat',
  idPrefix: 'rfmt',
  path: 'reformats',
  // FFmpeg for videos; an image's targets take a fraction of a second.
  pool: 'media',
  requestSchema: 'CreateReformatRequest',
  fileIds: reformatFileIds,
  normalize: normalizeReformat,
  quote: quoteReformat,
  price: {
    description: 'One output target of a reformat; for a video, each started minute of each target.',
    unit: 'target',
    base: 1,
    surcharges: { media: { image: 0, video: 1 } },
  },
  docs: {
    create:
      'Reformats one video or image to every social format in one job: each target is a named format (`9:16`, `1:1`, `4:5`, `16:9`) or a custom size, filled by `crop` (at an anchor, or `smart`), `blur_fill` or `pad`. One file per target plus a ZIP. A video is decoded once for all targets, its sound copied when it is AAC.',
  },
  examples: reformatExamples,
});

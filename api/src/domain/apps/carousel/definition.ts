import { defineApp } from '../definition';
import { carouselExamples } from './examples';
import { carouselApp, type CarouselInput, type CreateCarouselRequest } from './request';

export type { CreateCarouselRequest } from './request';

/** Carousels (`/v1/carousels`): many unique carousel sets from per-slide image and text variants. */
export const carousel = defineApp<'carousel', CreateCarouselRequest, CarouselInput>({
  ...carouselApp,
  name: 'carousel',
  requestSchema: 'CreateCarouselRequest',
  price: { description: 'One carousel set (all its slides).', unit: 'set', base: 1, surcharges: {} },
  docs: {
    create: 'Renders `sets` carousel sets from per-slide image and text variants, with styled text that wraps inside the image; each set is a folder of ordered slide images, plus a ZIP of all sets.',
  },
  examples: carouselExamples,
});

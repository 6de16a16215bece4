/**
 * Colour choices. Categories use the Okabe–Ito palette (Okabe & Ito 2008,
 * "Color Universal Design"), distinguishable under the common colour-vision
 * deficiencies; continuous values use perceptually uniform schemes (viridis,
 * cividis) or a diverging scheme with a neutral centre (PuOr).
 */

/** Okabe–Ito, reordered so the first colours contrast best on white (yellow last). */
export const OKABE_ITO: readonly string[] = [
  '#0072B2', // blue
  '#D55E00', // vermillion
  '#009E73', // bluish green
  '#CC79A7', // reddish purple
  '#E69F00', // orange
  '#56B4E9', // sky blue
  '#000000', // black
  '#F0E442', // yellow
];

/** Colour of the i-th category; cycles past the palette's eight colours. */
export function categoryColor(index: number): string {
  return OKABE_ITO[((index % OKABE_ITO.length) + OKABE_ITO.length) % OKABE_ITO.length]!;
}

/** Plot scheme names used for continuous colour scales. */
export const SEQUENTIAL_SCHEME = 'viridis';
export const DIVERGING_SCHEME = 'puor';

/** Neutral ink for axes, reference lines and annotations. */
export const INK = '#222222';
export const REFERENCE_INK = '#555555';

/** Font stack used in every figure; the PNG rasterizer maps it to an installed font. */
export const FONT_FAMILY = 'DejaVu Sans, Verdana, Arial, sans-serif';
export const FONT_SIZE = 13;
export const TITLE_SIZE = 17;
export const SUBTITLE_SIZE = 13;

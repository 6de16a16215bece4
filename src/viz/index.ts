/** Figure layer: plain JSON figure specs in, standalone SVG markup out. */
export type * from './spec.js';
export { renderSvg, DEFAULT_WIDTH, DEFAULT_HEIGHT, type RenderOptions } from './render.js';
export { OKABE_ITO, categoryColor } from './palette.js';
export { contourThresholds, UNIT_CIRCLE_SEGMENTS } from './levels.js';

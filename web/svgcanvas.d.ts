/** The part of svgcanvas (npm, MIT) the SVG export uses: a CanvasRenderingContext2D that records SVG elements. */
declare module 'svgcanvas' {
  export class Context {
    constructor(options: { width: number; height: number; document?: Document });
    /** The recorded drawing as an <svg> element (its <defs> first). */
    getSvg(): SVGSVGElement;
  }
}

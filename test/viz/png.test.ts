import { mkdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { figureFonts, katexFonts, plainPowersOfTen, renderPngNode, renderSvgNode, svgToPng } from '../../src/cli/figures.js';
import { allSpecs } from './fixtures.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from the IHDR chunk, which PNG requires first: bytes 16–23, big-endian. */
function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  expect(String.fromCharCode(...png.subarray(12, 16))).toBe('IHDR');
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

describe('svgToPng', () => {
  it('draws PNG text with DejaVu Sans from the dejavu-fonts-ttf npm package, never a system font', () => {
    const fonts = figureFonts();
    expect(fonts.source).toBe('dejavu');
    expect(fonts.family).toBe('DejaVu Sans');
    expect(fonts.files.length).toBe(4);
    for (const file of fonts.files) expect(file).toMatch(/node_modules[/\\]dejavu-fonts-ttf[/\\]ttf[/\\]DejaVuSans/);
  });

  for (const [kind, spec] of Object.entries(allSpecs)) {
    it(`${kind}: PNG signature and scale × size`, () => {
      const png = svgToPng(renderSvgNode(spec), { scale: 2 });
      expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
      expect(pngSize(png)).toEqual({ width: 1440, height: 960 });
      mkdirSync('test-artifacts/viz', { recursive: true });
      writeFileSync(`test-artifacts/viz/${kind}.png`, png);
    });
  }

  it('renders a figure at a custom size and scale', () => {
    const png = renderPngNode(allSpecs.line, { width: 500, height: 360 }, { scale: 1.5 });
    expect(pngSize(png)).toEqual({ width: 750, height: 540 });
  });

  it('draws text: the same figure with and without a title differs in pixels', () => {
    // A missing font would render both titles as nothing, giving identical PNGs.
    const a = svgToPng(renderSvgNode({ ...allSpecs.bars, title: 'A' }), { scale: 1 });
    const b = svgToPng(renderSvgNode({ ...allSpecs.bars, title: 'B' }), { scale: 1 });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
  });

  it('draws text with the katex package fonts when DejaVu cannot be resolved', () => {
    const fonts = katexFonts();
    expect(fonts?.files.length).toBeGreaterThan(0);
    const a = svgToPng(renderSvgNode({ ...allSpecs.line, title: 'A' }), { scale: 1, fonts });
    const b = svgToPng(renderSvgNode({ ...allSpecs.line, title: 'B' }), { scale: 1, fonts });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
    writeFileSync('test-artifacts/viz/line-katex-fonts.png', a);
  });

  it('still renders a PNG (without text), with a warning, when no font was found', () => {
    const none = { source: 'none' as const, family: undefined, files: [] };
    const png = svgToPng(renderSvgNode(allSpecs.bars), { scale: 1, fonts: none });
    expect(pngSize(png)).toEqual({ width: 720, height: 480 });
  });

  it('rejects a bad scale and non-SVG input', () => {
    expect(() => svgToPng('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', { scale: 0 })).toThrow(
      /svgToPng: options.scale must be in \(0, 8\], got 0/,
    );
    expect(() => svgToPng('hello')).toThrow(/svgToPng: svg must be SVG markup/);
  });

  it('rewrites powers of ten for fonts without superscripts', () => {
    expect(plainPowersOfTen('<text>10⁻²⁰</text><text>2.5·10¹²</text><text>100</text>')).toBe(
      '<text>1e-20</text><text>2.5e12</text><text>100</text>',
    );
  });
});

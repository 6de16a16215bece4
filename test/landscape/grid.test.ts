import { describe, expect, it } from 'vitest';
import { geomspaceArray } from '../../src/landscape/index.js';

describe('geomspaceArray', () => {
  it('spaces values geometrically with exact endpoints, like NumPy’s geomspace', () => {
    const g = geomspaceArray(0.01, 100, 5);
    expect(g[0]).toBe(0.01);
    expect(g[4]).toBe(100);
    // Ratio (100/0.01)^(1/4) = 10 between neighbours; each value is one product and one power, so within a few ulps.
    for (let i = 1; i < 5; i++) expect(g[i]! / g[i - 1]!).toBeCloseTo(10, 12);
    expect(Array.from(geomspaceArray(3, 7, 1))).toEqual([3]);
  });
});

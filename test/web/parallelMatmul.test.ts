/**
 * Both cores in the browser: the served explorer is cross-origin isolated
 * (its server sends COOP/COEP), so its worker starts a helper Web Worker and
 * shares large products with it; the shared product must equal the
 * one-thread product bit for bit (each row of C is computed whole by the
 * same kernel, in the same k-order, on either thread: no tolerance applies).
 * The request goes to the explorer's own worker chunk, created in the page.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIST_DIR } from '../../web/harness.js';
import type { MatmulParity } from '../../web/compute/parallelMatmul.js';
import { open, startExplorer, type Explorer } from './pageHelpers.js';

let ex: Explorer | undefined;

beforeAll(async () => {
  ex = await startExplorer();
}, 300_000);

afterAll(async () => {
  await ex?.browser.close();
  ex?.server.close();
});

describe('parallel matmul in the explorer (chromium)', { timeout: 240_000 }, () => {
  it('the served explorer is cross-origin isolated, and its worker’s two-thread product equals the one-thread product bit for bit', async () => {
    const res = await fetch(ex!.base);
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(res.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    const { page, errors } = await open(ex!, ex!.base);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    const worker = readdirSync(join(DIST_DIR, 'assets')).find((f) => /^worker-.*\.js$/.test(f))!;
    const parity = await page.evaluate(
      (url) =>
        new Promise<unknown>((resolve, reject) => {
          const w = new Worker(url, { type: 'module' });
          w.onmessage = (e: MessageEvent<{ ok: boolean; result?: unknown; error?: string }>) => {
            w.terminate();
            if (e.data.ok) resolve(e.data.result);
            else reject(new Error(e.data.error));
          };
          w.postMessage({ id: 1, method: 'matmulParity', payload: { seed: 3 } });
        }),
      `assets/${worker}`,
    ) as MatmulParity;
    expect(parity.crossOriginIsolated).toBe(true);
    expect(parity.parallel).toBe(true);
    expect(parity.stats.products).toBeGreaterThan(0);
    expect(parity.stats.helperChunks, 'the helper computed some of the rows compared').toBeGreaterThan(0);
    expect(parity.equal).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });
});

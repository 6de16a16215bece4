/**
 * `ldyn report` reads run folders that may come from anyone: nothing in them
 * may put markup or script into the page (issue #13, item 2), and one bad
 * folder must not stop the report (item 7).
 */
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { parseHTML } from 'linkedom';
import { afterAll, describe, expect, it } from 'vitest';
import '../fixtures/experiments.js';
import '../fixtures/hostileExperiment.js';
import { REPORT_CSP } from '../../src/cli/html.js';
import { renderPngNode, renderSvgNode } from '../../src/cli/figures.js';
import { FIXTURE, forgeRun, isOneLine, ldyn, REPO, removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);

/** The test-only experiment whose every string output carries markup; loaded like --catalog, so run workers know it too. */
const HOSTILE = join(REPO, 'test/fixtures/hostileExperiment.ts');
const withHostile = { env: { LDYN_CATALOG: [FIXTURE, HOSTILE].join(delimiter) } };

/** Every way markup could run in the page: script elements, images, event-handler attributes, javascript: links. */
function activeContent(html: string): string[] {
  const { document } = parseHTML(html);
  const found: string[] = [];
  for (const el of document.querySelectorAll('*')) {
    const tag = el.tagName.toLowerCase();
    if (['script', 'img', 'iframe', 'object', 'embed'].includes(tag)) found.push(`<${tag}>`);
    for (const attr of el.attributes) {
      if (/^on/i.test(attr.name)) found.push(`${tag}[${attr.name}]`);
      if (/^\s*javascript:/i.test(attr.value)) found.push(`${tag}[${attr.name}=${attr.value}]`);
    }
  }
  return found;
}

describe('the report escapes every value from a run folder', () => {
  it('turns markup in every string an experiment returns into text', async () => {
    const dir = tempDir();
    const run = await ldyn(['run', 'hostile-strings', '--out', join(dir, 'runs', 'h')], withHostile);
    expect(run.code, run.stderr).toBe(0);
    const r = await ldyn(['report', join(dir, 'runs'), '--out', join(dir, 'report')], withHostile);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(join(dir, 'report', 'index.html'), 'utf8');
    expect(activeContent(html)).toEqual([]);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
  });

  it('leaves out a run whose seed is a string of markup (config.json and result.json fail their schema)', async () => {
    const dir = tempDir();
    await ldyn(['run', 'toy-walk', '--preset', 'quick', '--out', join(dir, 'runs', 'a')]);
    await ldyn(['run', 'toy-walk', '--preset', 'quick', '--out', join(dir, 'runs', 'b')]);
    forgeRun(join(dir, 'runs', 'a'), ({ config, result }) => {
      config.seed = '<img src=x onerror=alert(1)>';
      result.seed = '<img src=x onerror=alert(1)>';
    });
    const r = await ldyn(['report', join(dir, 'runs'), '--out', join(dir, 'report')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/left out a: config\.json: seed: /);
    const html = readFileSync(join(dir, 'report', 'index.html'), 'utf8');
    expect(activeContent(html)).toEqual([]);
    expect(r.stdout).toMatch(/report of 1 runs and 0 sweeps \(1 folders left out/);
  });

  it('leaves out a run whose config breaks its experiment schema', async () => {
    const dir = tempDir();
    await ldyn(['run', 'toy-walk', '--preset', 'quick', '--out', join(dir, 'runs', 'a')]);
    forgeRun(join(dir, 'runs', 'a'), ({ config, result }) => {
      (config.config as Record<string, unknown>).mode = '<b>sideways</b>';
      (result.config as Record<string, unknown>).mode = '<b>sideways</b>';
    });
    const r = await ldyn(['report', join(dir, 'runs'), '--out', join(dir, 'report')]);
    expect(r.stderr).toMatch(/left out a: config\.json: config\.mode: /);
    expect(readFileSync(join(dir, 'report', 'index.html'), 'utf8')).not.toContain('<b>sideways');
  });

  it('carries a Content-Security-Policy that forbids every script', async () => {
    const dir = tempDir();
    await ldyn(['run', 'toy-walk', '--preset', 'quick', '--out', join(dir, 'runs', 'a')]);
    await ldyn(['report', join(dir, 'runs')]);
    const { document } = parseHTML(readFileSync(join(dir, 'runs', 'index.html'), 'utf8'));
    const csp = document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content');
    expect(csp).toBe(REPORT_CSP);
    // No script-src: scripts fall back to default-src 'none' (inline handlers included).
    expect(csp).toMatch(/^default-src 'none';/);
    expect(csp).not.toMatch(/script-src|unsafe-eval/);
  });
});

describe('figure files from text with markup characters', () => {
  it('a series named "|λ| < 1" gives an SVG file that is valid XML (its PNG renders)', () => {
    const spec = { kind: 'line' as const, title: 'a < b & c > d', x: { label: 'x' }, y: { label: 'y' }, series: [{ name: '|λ| < 1', points: [{ x: 0, y: 0 }, { x: 1, y: 1 }] }] };
    const svg = renderSvgNode(spec);
    expect(svg).not.toMatch(/="[^"]*</); // no raw < inside an attribute value
    expect(renderPngNode(spec).length).toBeGreaterThan(0);
  });
});

describe('one bad folder does not break ldyn report', () => {
  it('leaves out a missing field, an unknown figure kind, an undrawable figure, a dangling link and link loops, with one warning line each', async () => {
    const dir = tempDir();
    const runs = join(dir, 'runs');
    for (const name of ['good', 'no-sections', 'pie', 'broken-figure']) {
      const r = await ldyn(['run', 'toy-walk', '--preset', 'quick', '--set', 'figure=true', '--out', join(runs, name)]);
      expect(r.code, r.stderr).toBe(0);
    }
    forgeRun(join(runs, 'no-sections'), ({ result }) => delete result.sections);
    forgeRun(join(runs, 'pie'), ({ result }) => ((result.figures as Array<{ spec: { kind: string } }>)[0]!.spec.kind = 'pie'));
    forgeRun(join(runs, 'broken-figure'), ({ result }) => ((result.figures as Array<{ spec: Record<string, unknown> }>)[0]!.spec.series = 5));
    symlinkSync(join(dir, 'nowhere'), join(runs, 'dangling'));
    symlinkSync(join(runs, 'self'), join(runs, 'self'));
    symlinkSync(runs, join(runs, 'loop'));

    const r = await ldyn(['report', runs, '--out', join(dir, 'report')]);
    expect(r.code, r.stderr).toBe(0);
    const warnings = r.stderr.trim().split('\n');
    expect(warnings).toEqual([
      expect.stringMatching(/^ldyn report: left out dangling: dangling symbolic link$/),
      expect.stringMatching(/^ldyn report: left out loop: symbolic link loop/),
      expect.stringMatching(/^ldyn report: left out no-sections: result\.json: sections: /),
      expect.stringMatching(/^ldyn report: left out pie: result\.json: figures\.0\.spec\.kind: /),
      expect.stringMatching(/^ldyn report: left out self: symbolic link loop$/),
      expect.stringMatching(/^ldyn report: left out broken-figure: a figure cannot be drawn/),
    ]);
    expect(r.stdout).toMatch(/report of 1 runs and 0 sweeps \(6 folders left out, listed in the report\)/);
    const html = readFileSync(join(dir, 'report', 'index.html'), 'utf8');
    expect(html).toContain('<h2>Toy random walk</h2>');
    expect(html).toMatch(/<h2>Left out<\/h2>[\s\S]*<code>no-sections<\/code>[\s\S]*<code>pie<\/code>/);
    expect(readFileSync(join(dir, 'report', 'report.md'), 'utf8')).toMatch(/## Left out[\s\S]*- `dangling`: dangling symbolic link/);
  });

  it('lists an interrupted run (no result.json) as left out', async () => {
    const dir = tempDir();
    await ldyn(['run', 'toy-walk', '--preset', 'quick', '--out', join(dir, 'runs', 'ok')]);
    const failed = await ldyn(['run', 'toy-walk', '--set', 'fail=true', '--out', join(dir, 'runs', 'unfinished')]);
    expect(failed.code).toBe(1);
    const r = await ldyn(['report', join(dir, 'runs')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('ldyn report: left out unfinished: no result.json (the run did not finish)\n');
  });

  it('`ldyn report <run folder>` keeps the run\'s own report.md and writes into <run folder>/report', async () => {
    const dir = tempDir();
    const run = join(dir, 'runs', 'walk');
    await ldyn(['run', 'toy-walk', '--preset', 'quick', '--out', run]);
    const page = readFileSync(join(run, 'report.md'), 'utf8');
    const r = await ldyn(['report', run]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(run, 'report.md'), 'utf8')).toBe(page);
    expect(existsSync(join(run, 'report', 'index.html'))).toBe(true);
    expect(r.stdout).toMatch(/report of 1 runs/);
    const onto = await ldyn(['report', run, '--out', run]);
    expect(onto.code).toBe(2);
    expect(onto.stderr).toMatch(/report\.md exists and was not written by ldyn report \(it is this run's own page\)/);
    expect(readFileSync(join(run, 'report.md'), 'utf8')).toBe(page);
  });

  it('never overwrites a report.md or index.html that ldyn report did not write', async () => {
    const dir = tempDir();
    await ldyn(['run', 'toy-walk', '--preset', 'quick', '--out', join(dir, 'runs', 'a')]);
    mkdirSync(join(dir, 'mine'));
    writeFileSync(join(dir, 'mine', 'index.html'), '<h1>my homepage</h1>');
    const r = await ldyn(['report', join(dir, 'runs'), '--out', join(dir, 'mine')]);
    expect(r.code).toBe(2);
    expect(isOneLine(r.stderr)).toBe(true);
    expect(readFileSync(join(dir, 'mine', 'index.html'), 'utf8')).toBe('<h1>my homepage</h1>');
    // Its own earlier report is rewritten.
    expect((await ldyn(['report', join(dir, 'runs')])).code).toBe(0);
    expect((await ldyn(['report', join(dir, 'runs')])).code).toBe(0);
  });
});

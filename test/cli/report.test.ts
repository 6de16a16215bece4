import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import '../fixtures/experiments.js';
import { startStaticServer } from '../../src/cli/explore.js';
import { writeReport } from '../../src/cli/report.js';
import { ldyn, removeTempDirs, tempDir, waitFor } from './helpers.js';

afterAll(removeTempDirs);

describe('ldyn (no arguments): the main job', () => {
  it('runs every registered experiment at its default preset into runs/<id>/ and writes report/', async () => {
    const cwd = tempDir();
    // Only the test fixtures: the real catalog's experiments are tested in test/experiments.
    const r = await ldyn([], { cwd, env: { LDYN_NO_CATALOG: '1' } });
    expect(r.code, r.stderr).toBe(0);
    for (const id of ['toy-walk', 'slow-walk']) expect(existsSync(join(cwd, 'runs', id, 'result.json')), id).toBe(true);
    expect(JSON.parse(readFileSync(join(cwd, 'runs', 'slow-walk', 'config.json'), 'utf8')).config).toMatchObject({ steps: 20, delayMs: 5 });
    expect(r.stdout).toMatch(/toy-walk\s+done/);
    expect(r.stdout).toMatch(/2\/2 experiments done\. Report: report\/index\.html \(and report\/report\.md\)/);
    const html = readFileSync(join(cwd, 'report', 'index.html'), 'utf8');
    expect(html).toContain('<h2>Toy random walk</h2>');
    expect(html).toContain('<h2>Slow random walk</h2>');
    // The report opens with the four questions of the mission (none answered by the test fixtures).
    expect(html.indexOf('What the runs answered')).toBeLessThan(html.indexOf('<h2>Toy random walk</h2>'));
    for (const q of ['1. How does credit flow?', '2. How does learning unfold in time?', '3. How do geometry and optimizers shape learning?', '4. How does learning become continuous-time dynamics?']) {
      expect(html).toContain(q);
    }
    expect(html).toContain('No run in this report answers it yet.');
    // A second main job reuses the finished runs.
    const again = await ldyn([], { cwd, env: { LDYN_NO_CATALOG: '1' } });
    expect(again.stdout).toMatch(/toy-walk\s+skipped/);
  });

  it('with --preset quick runs every experiment at its quick preset (the doc test runs `npm start` this way)', async () => {
    const cwd = tempDir();
    const r = await ldyn(['--preset', 'quick'], { cwd, env: { LDYN_NO_CATALOG: '1' } });
    expect(r.code, r.stderr).toBe(0);
    const config = JSON.parse(readFileSync(join(cwd, 'runs', 'slow-walk', 'config.json'), 'utf8'));
    expect(config.preset).toBe('quick');
    expect(config.config).toMatchObject({ steps: 10, delayMs: 10 });
    expect((await ldyn(['--preset', 'huge'], { cwd, env: { LDYN_NO_CATALOG: '1' } })).code).toBe(2);
  });
});

describe('writeReport / ldyn report', () => {
  it('writes report.md and a self-contained index.html with typeset math, findings, metrics and sweeps', async () => {
    const dir = tempDir();
    await ldyn(['run', 'toy-walk', '--out', join(dir, 'runs', 'a')]);
    await ldyn(['run', 'toy-walk', '--set', 'mode=drift', '--out', join(dir, 'runs', 'b')]);
    const sweep = await ldyn(['sweep', 'toy-walk', '--grid', 'steps=5,6', '--workers', '1', '--out', join(dir, 'runs', 'sweep')]);
    expect(sweep.code, sweep.stderr).toBe(0);
    const r = await ldyn(['report', join(dir, 'runs'), '--out', join(dir, 'report')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/report of 2 runs and 1 sweeps/);
    const html = readFileSync(join(dir, 'report', 'index.html'), 'utf8');
    expect(html).toContain('class="katex-display"'); // display math typeset at build time
    expect(html).toContain('class="katex"'); // inline $…$ in prose
    expect(html).toMatch(/@font-face\{[^}]*src:url\(data:font\/woff2;base64,/);
    expect(html).not.toMatch(/url\(fonts\//);
    expect(html).not.toMatch(/(src|href)="https?:|url\(https?:|<script/); // nothing fetched from the network
    expect(html).toContain('After 50 steps the walk ended at');
    expect(html).toMatch(/<td>final<\/td><td class="num">-?\d/);
    expect(html).toContain('Sweep of <code>toy-walk</code>');
    const md = readFileSync(join(dir, 'report', 'report.md'), 'utf8');
    expect(md).toMatch(/^<!-- written by ldyn report; rewritten by every report -->\n# learning-dynamics report/);
    expect(md).toMatch(/## Toy random walk[\s\S]*\$\$\nx_\{t\+1\}/);
    expect(md).toContain('[path](../runs/a/path.csv)');
    expect(md).toMatch(/## Sweep of `toy-walk` \(sweep\)[\s\S]*\| steps \| seed \| final/);
  });

  it('draws figures through src/cli/figures.ts: SVG and PNG in the run folder, inline SVG in the report', async () => {
    const dir = tempDir();
    const r = await ldyn(['run', 'toy-walk', '--set', 'figure=true', '--set', 'steps=8', '--out', join(dir, 'runs', 'fig')]);
    expect(r.code, r.stderr).toBe(0);
    const svg = readFileSync(join(dir, 'runs', 'fig', 'path.svg'), 'utf8');
    expect(svg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    const png = readFileSync(join(dir, 'runs', 'fig', 'path.png'));
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]); // PNG signature
    expect(readFileSync(join(dir, 'runs', 'fig', 'report.md'), 'utf8')).toContain('![Walk path](path.svg)');
    await writeReport(join(dir, 'runs'));
    expect(readFileSync(join(dir, 'runs', 'index.html'), 'utf8')).toMatch(/<figure class="fig" id="run-fig-fig-1"><svg[\s\S]*Walk path[\s\S]*<\/svg><figcaption><span class="fig-num">Figure 1\.<\/span> Walk path\.<\/figcaption><\/figure>/);
  });

  it('report.md and index.html show the same runs: a run replaced after the report leaves both unchanged', async () => {
    const dir = tempDir();
    await ldyn(['run', 'toy-walk', '--set', 'figure=true', '--set', 'steps=8', '--out', join(dir, 'runs', 'fig')]);
    await writeReport(join(dir, 'runs'), { out: join(dir, 'report') });
    // A later run of another config into the same folder replaces its SVG (issue #14: report.md then showed it).
    await ldyn(['run', 'toy-walk', '--set', 'figure=true', '--set', 'steps=12', '--out', join(dir, 'runs', 'fig')]);
    const md = readFileSync(join(dir, 'report', 'report.md'), 'utf8');
    const link = /!\[Walk path\]\(([^)]+)\)/.exec(md)?.[1];
    expect(link).toBe('report-figures/fig/path.svg');
    const snapshot = readFileSync(join(dir, 'report', link!), 'utf8');
    expect(readFileSync(join(dir, 'report', 'index.html'), 'utf8')).toContain(snapshot.trim());
    expect(readFileSync(join(dir, 'runs', 'fig', 'path.svg'), 'utf8')).not.toBe(snapshot);
  });

  it('defaults to writing into the scanned folder and refuses a missing folder (exit 2)', async () => {
    const dir = tempDir();
    await ldyn(['run', 'toy-walk', '--preset', 'quick', '--out', join(dir, 'x')]);
    const summary = await writeReport(dir);
    expect(summary).toMatchObject({ runs: 1, sweeps: 0, html: join(dir, 'index.html') });
    expect((await ldyn(['report', join(dir, 'missing')])).code).toBe(2);
  });
});

function get(url: string): Promise<{ status: number; body: string; type?: string }> {
  return new Promise((done, fail) => {
    request(url, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => done({ status: res.statusCode ?? 0, body, type: res.headers['content-type'] }));
    })
      .on('error', fail)
      .end();
  });
}

describe('ldyn explore', () => {
  it('in a checkout (web/index.html beside the missing web/dist), says to build the web app (exit 1)', async () => {
    const web = tempDir();
    writeFileSync(join(web, 'index.html'), '<!doctype html>');
    const r = await ldyn(['explore', '--root', join(web, 'dist')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/run npm run build:web first/);
  });

  it('with no explorer sources around the missing folder, never suggests a build script (exit 1)', async () => {
    const r = await ldyn(['explore', '--root', join(tempDir(), 'nothing')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/index\.html is missing/);
    expect(r.stderr).not.toMatch(/npm run/);
  });

  it('serves files with their types, index.html for folders, and nothing outside the root', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'site', 'assets'), { recursive: true });
    writeFileSync(join(root, 'site', 'index.html'), '<h1>explorer</h1>');
    writeFileSync(join(root, 'site', 'assets', 'app.js'), 'export {};');
    writeFileSync(join(root, 'secret.txt'), 'secret');
    const { server, url } = await startStaticServer(join(root, 'site'), 0);
    try {
      expect(await get(url)).toMatchObject({ status: 200, body: '<h1>explorer</h1>', type: 'text/html; charset=utf-8' });
      expect(await get(`${url}assets/app.js`)).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8' });
      expect((await get(`${url}%2e%2e/secret.txt`)).status).toBe(404);
      expect((await get(`${url}missing.js`)).status).toBe(404);
    } finally {
      await new Promise((done) => server.close(done));
    }
  });

  it('prints the URL, serves until interrupted, then exits 0', async () => {
    const root = tempDir();
    writeFileSync(join(root, 'index.html'), 'hello');
    const controller = new AbortController();
    let stdout = '';
    const { runCli } = await import('../../src/cli/program.js');
    const done = runCli(['explore', '--root', root, '--port', '0'], {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: () => true },
      cwd: root,
      env: {},
      signal: controller.signal,
    });
    await waitFor(() => /http:\/\/localhost:\d+\//.test(stdout), 5000, 'the explorer URL');
    const url = /http:\/\/localhost:\d+\//.exec(stdout)![0];
    expect((await get(url)).body).toBe('hello');
    controller.abort();
    expect(await done).toBe(0);
  });
});

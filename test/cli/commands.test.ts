import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import '../fixtures/experiments.js';
import { ldyn, removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);

describe('ldyn list / describe / --help', () => {
  it('lists the registered experiments, as a table and as JSON', async () => {
    const table = await ldyn(['list']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/toy-walk\s+Toy random walk/);
    const json = await ldyn(['list', '--json']);
    const parsed = JSON.parse(json.stdout) as Array<{ id: string }>;
    expect(parsed.map((e) => e.id)).toEqual(expect.arrayContaining(['toy-walk', 'slow-walk']));
  });

  it('describes an experiment with key, type, default, allowed values and presets', async () => {
    const r = await ldyn(['describe', 'toy-walk']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/steps\s+integer\s+50\s+integer in \[1, 10000\]\s+number of walk steps/);
    expect(r.stdout).toMatch(/mode\s+enum\s+walk\s+one of: walk, drift/);
    expect(r.stdout).toMatch(/quick\s+steps=10/);
    const json = JSON.parse((await ldyn(['describe', 'toy-walk', '--json'])).stdout) as { fields: Array<{ key: string }> };
    expect(json.fields.map((f) => f.key)).toContain('optimizer.lr');
  });

  it('prints help for the program and every command, exit code 0', async () => {
    const top = await ldyn(['--help']);
    expect(top.code).toBe(0);
    for (const command of ['list', 'describe', 'run', 'sweep', 'merge', 'report', 'explore']) {
      expect(top.stdout).toContain(command);
      const help = await ldyn([command, '--help']);
      expect(help.code, command).toBe(0);
      expect(help.stdout, command).toMatch(new RegExp(`Usage: ldyn ${command}`));
    }
    expect(top.stdout).not.toContain('--catalog');
    expect((await ldyn(['run', '--help'])).stdout).toMatch(/--preset <name>.*choices: "quick", "default", "full"/s);
  });

  it('exits 2 on unknown commands, experiments, options and missing arguments', async () => {
    const unknownCommand = await ldyn(['frobnicate']);
    expect(unknownCommand.code).toBe(2);
    expect(unknownCommand.stderr).toMatch(/Unknown command "frobnicate"\. Commands: list, describe, run/);
    const unknownExperiment = await ldyn(['describe', 'nope']);
    expect(unknownExperiment.code).toBe(2);
    expect(unknownExperiment.stderr).toMatch(/Unknown experiment "nope"\. Known experiments: [^\n]*slow-walk, [^\n]*toy-walk/);
    expect((await ldyn(['run', 'toy-walk', '--frob'])).code).toBe(2);
    expect((await ldyn(['run'])).stderr).toMatch(/missing required argument 'id'/);
    expect((await ldyn(['run', 'toy-walk', '--seed', '-3'])).code).toBe(2);
  });
});

describe('ldyn run', () => {
  it('writes config.json, result.json, one CSV per series and report.md', async () => {
    const out = join(tempDir(), 'run');
    const r = await ldyn(['run', 'toy-walk', '--set', 'steps=12', '--seed', '3', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/toy-walk: done in .* \(hash [0-9a-f]{16}\)/);
    expect(r.stdout).toMatch(/Findings:\n- After 12 steps/);
    expect(readdirSync(out).sort()).toEqual(['config.json', 'ldyn-run.json', 'path.csv', 'report.md', 'result.json']);
    const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'));
    expect(config).toMatchObject({ experiment: 'toy-walk', seed: 3, preset: 'default', version: '0.1.0', config: { steps: 12 } });
    expect(config.environment).toMatchObject({ node: process.version, platform: process.platform });
    expect(config.environment.cpus).toBeGreaterThan(0);
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    expect(result).toMatchObject({ id: 'toy-walk', seed: 3 });
    const csv = readFileSync(join(out, 'path.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('t,x,mode');
    expect(csv).toHaveLength(13);
    expect(Number(csv[12]!.split(',')[1])).toBe(result.metrics.final);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toMatch(/# Toy random walk[\s\S]*\$\$\nx_\{t\+1\}/);
  });

  it('prints only JSON on stdout with --json', async () => {
    const out = join(tempDir(), 'run');
    const r = await ldyn(['run', 'toy-walk', '--preset', 'quick', '--json', '--out', out]);
    expect(r.code).toBe(0);
    const parsed = JSON.parse(r.stdout);
    expect(parsed).toMatchObject({ status: 'done', dir: out, result: { id: 'toy-walk', config: { steps: 10 } } });
    expect(r.stderr).toMatch(/toy-walk 100%/);
  });

  it('skips a re-run of the same config and seed, recomputes with --force or another seed', async () => {
    const out = join(tempDir(), 'run');
    const first = await ldyn(['run', 'toy-walk', '--out', out]);
    expect(first.code).toBe(0);
    const mtime = statSync(join(out, 'result.json')).mtimeMs;
    const again = await ldyn(['run', 'toy-walk', '--out', out, '--set', 'steps=50']); // same resolved config as the default
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/toy-walk: skipped, .* already holds this run \(hash [0-9a-f]{16}\); use --force to recompute/);
    expect(statSync(join(out, 'result.json')).mtimeMs).toBe(mtime);
    const skippedJson = JSON.parse((await ldyn(['run', 'toy-walk', '--out', out, '--json'])).stdout);
    expect(skippedJson.status).toBe('skipped');
    const forced = await ldyn(['run', 'toy-walk', '--out', out, '--force', '--json']);
    expect(JSON.parse(forced.stdout).status).toBe('done');
    const otherSeed = JSON.parse((await ldyn(['run', 'toy-walk', '--out', out, '--seed', '1', '--json'])).stdout);
    expect(otherSeed.status).toBe('done');
    expect(JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')).seed).toBe(1);
  });

  it('reads --config files (plain or a run config.json) between the preset and --set', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ steps: 20, optimizer: { lr: 0.5 } }));
    const a = JSON.parse((await ldyn(['run', 'toy-walk', '--preset', 'quick', '--config', join(dir, 'c.json'), '--json', '--out', join(dir, 'a')])).stdout);
    expect(a.result.config).toMatchObject({ steps: 20, optimizer: { lr: 0.5 } });
    const b = JSON.parse(
      (await ldyn(['run', 'toy-walk', '--config', join(dir, 'a', 'config.json'), '--set', 'steps=7', '--json', '--out', join(dir, 'b')])).stdout,
    );
    expect(b.result.config).toMatchObject({ steps: 7, optimizer: { lr: 0.5 } });
    const missing = await ldyn(['run', 'toy-walk', '--config', join(dir, 'nope.json'), '--out', join(dir, 'c')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/Cannot read config file/);
    expect(existsSync(join(dir, 'c'))).toBe(false);
  });

  it('rejects bad keys and values with one clear message, exit 2, nothing written', async () => {
    const out = join(tempDir(), 'run');
    const r = await ldyn(['run', 'toy-walk', '--out', out, '--set', 'scale=11', '--set', 'mode=sideways', '--set', 'stpes=3', '--set', 'normalize=maybe']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Invalid value for "scale": 11 (from --set scale=11). Allowed: number in [0, 10].');
    expect(r.stderr).toContain('Invalid value for "mode": "sideways" (from --set mode=sideways). Allowed: one of: walk, drift.');
    expect(r.stderr).toContain('Unknown config key "stpes" (--set). Did you mean "steps"?');
    expect(r.stderr).toContain('"normalize": "maybe" is not a boolean');
    expect(existsSync(out)).toBe(false);
  });

  it('exits 1 when the experiment throws, leaving no result.json', async () => {
    const out = join(tempDir(), 'run');
    const r = await ldyn(['run', 'toy-walk', '--set', 'fail=true', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the run failed: .*failing on purpose/);
    expect(existsSync(join(out, 'config.json'))).toBe(true);
    expect(existsSync(join(out, 'result.json'))).toBe(false);
    // An incomplete folder is not mistaken for a finished run.
    expect(JSON.parse((await ldyn(['run', 'toy-walk', '--set', 'fail=true', '--out', out, '--json'])).stdout || '{}')).toEqual({});
  });
});

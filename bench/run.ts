/**
 * `npm run bench [-- names…] [--json]`: runs the benchmarks (all, or those
 * named), prints a table (or JSON), and writes bench/results/latest.json.
 */
import { mkdirSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bench, BenchRow } from './harness.js';

const here = dirname(fileURLToPath(import.meta.url));
const moduleFiles = ['core', 'parallel', 'optim', 'nn', 'rnn', 'linalg', 'ode', 'landscape', 'dynamics', 'scaling', 'web', 'package'];

async function loadBenches(): Promise<Bench[]> {
  const all: Bench[] = [];
  for (const m of moduleFiles) {
    if (!existsSync(join(here, `${m}.ts`))) continue;
    const mod = (await import(`./${m}.js`)) as { benches?: Bench[] };
    all.push(...(mod.benches ?? []));
  }
  return all;
}

function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a >= 1e5 ? v.toExponential(3) : a >= 100 ? v.toFixed(0) : a >= 1 ? v.toFixed(2) : v.toPrecision(3);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const names = args.filter((a) => !a.startsWith('--'));
  const benches = (await loadBenches()).filter((b) => names.length === 0 || names.includes(b.name));
  if (names.length > 0 && benches.length === 0) {
    console.error(`bench: no benchmark named ${names.join(', ')}`);
    process.exit(2);
  }
  const rows: BenchRow[] = [];
  for (const b of benches) {
    if (!json) process.stderr.write(`running ${b.name}: ${b.description}\n`);
    rows.push(...(await b.run()));
  }
  const machine = { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', node: process.version, platform: `${os.platform()} ${os.arch()}`, date: new Date().toISOString() };
  const out = { machine, rows };
  mkdirSync(join(here, 'results'), { recursive: true });
  const file = join(here, 'results', 'latest.json');
  writeFileSync(`${file}.tmp`, JSON.stringify(out, null, 2));
  renameSync(`${file}.tmp`, file);
  if (json) {
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
    return;
  }
  console.log(`\n${machine.cpu} × ${machine.cpus}, Node ${machine.node}, ${machine.date}\n`);
  console.log('| bench | case | value | unit | ratio | note |');
  console.log('|---|---|---:|---|---:|---|');
  for (const r of rows) console.log(`| ${r.bench} | ${r.case} | ${fmt(r.value)} | ${r.unit} | ${r.ratio === undefined ? '' : fmt(r.ratio)} | ${r.note ?? ''} |`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

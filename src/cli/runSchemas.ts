/**
 * The shapes of the files this tool reads back from disk: a run's
 * config.json and result.json, and a sweep's sweep.json. Run folders and
 * sweep folders may come from anywhere (a colleague, an archive, a shared
 * disk), so nothing in them is used before it has passed these schemas; a
 * run's config must also pass its experiment's own config schema.
 */
import { z } from 'zod';
import { PRESET_NAMES, type AnyExperiment, type ExperimentResult } from '../experiments/index.js';
import { isSafeSegment } from './safePath.js';

/** A seed as the runner accepts it: a non-negative safe integer. */
const seedSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
/** The 16-hex-digit run identity (runStore.runHash). */
const runHashSchema = z.string().regex(/^[0-9a-f]{16}$/, 'a run hash is 16 hexadecimal digits');
const configObject = z.record(z.string(), z.unknown());
const preset = z.enum(PRESET_NAMES as [string, ...string[]]);

const runConfigFileSchema = z.object({
  experiment: z.string(),
  title: z.string(),
  hash: runHashSchema,
  seed: seedSchema,
  preset: preset.optional(),
  config: configObject,
  version: z.string(),
  environment: z.record(z.string(), z.union([z.string(), z.number()])),
});

/** Numbers as fsAtomic.jsonReplacer stores them (non-finite values become these strings). */
const storedNumber = z.union([z.number(), z.enum(['NaN', 'Infinity', '-Infinity'])]);

/** The single-chart kinds src/viz draws (src/spec/figure.ts); the renderer checks each kind's own fields. */
const CHART_KINDS = ['line', 'scatter', 'contour', 'heatmap', 'stability', 'complexPlane', 'bars'] as const;

const figureText = { title: z.string(), subtitle: z.string().optional(), caption: z.string().optional() };
const chartSpecSchema = z.looseObject({ kind: z.enum(CHART_KINDS), ...figureText });

/** A grid of samples (GridValues); a shared one is drawn by every field panel that has none of its own. */
const gridSchema = z.object({
  nx: z.number().int().min(2),
  ny: z.number().int().min(2),
  xRange: z.tuple([z.number(), z.number()]),
  yRange: z.tuple([z.number(), z.number()]),
  values: z.array(z.union([storedNumber, z.null()])),
}).refine((g) => g.values.length === g.nx * g.ny, { message: 'a grid holds nx·ny values', path: ['values'] });

/** A path drawn over a field; a shared one is drawn by every contour panel trajectory of its name without points. */
const trajectorySchema = z.looseObject({ name: z.string(), points: z.array(z.looseObject({ x: storedNumber, y: storedNumber })) });

/** Small multiples: single charts, and optionally the one grid and the paths their field panels share. */
const panelsSpecSchema = z.looseObject({
  kind: z.literal('panels'),
  ...figureText,
  panels: z.array(chartSpecSchema).min(1),
  grid: gridSchema.optional(),
  trajectories: z.array(trajectorySchema).optional(),
}).superRefine((spec, ctx) => {
  const shared = new Set((spec.trajectories ?? []).map((t) => t.name));
  spec.panels.forEach((p, k) => {
    if ((p.kind === 'contour' || p.kind === 'heatmap') && p.grid == null && spec.grid === undefined) {
      ctx.addIssue({ code: 'custom', path: ['panels', k, 'grid'], message: `a ${p.kind} panel needs a grid of its own or the figure's shared grid` });
    }
    if (p.kind !== 'contour' || !Array.isArray(p.trajectories)) return;
    (p.trajectories as unknown[]).forEach((t, i) => {
      const { name, points } = (t ?? {}) as { name?: unknown; points?: unknown };
      if (points == null && !(typeof name === 'string' && shared.has(name))) {
        ctx.addIssue({ code: 'custom', path: ['panels', k, 'trajectories', i], message: `a trajectory without points needs a shared trajectory of its name (${JSON.stringify(name)})` });
      }
    });
  });
});

const figureSpecSchema = z.discriminatedUnion('kind', [panelsSpecSchema, chartSpecSchema]);

const resultShape = z.object({
  id: z.string(),
  config: configObject,
  seed: seedSchema,
  metrics: z.record(z.string(), storedNumber),
  series: z.record(z.string(), z.array(z.record(z.string(), z.union([z.number(), z.string()])))),
  figures: z.array(z.object({ id: z.string(), title: z.string().optional(), spec: figureSpecSchema })),
  findings: z.array(z.string()),
  sections: z.object({
    question: z.string(),
    setup: z.string(),
    math: z.array(z.string()),
    teaches: z.string(),
    connection: z.string().optional(),
  }),
});

export type RunConfigFile = z.infer<typeof runConfigFileSchema>;

/** The first problem zod found, as "path: message". */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const path = issue.path.map(String).join('.');
  return `${path === '' ? '(top level)' : path}: ${issue.message}`;
}

/** Why `value` is not a config of `experiment`, or undefined when its schema accepts it. */
function configProblem(experiment: AnyExperiment, value: unknown): string | undefined {
  const parsed = (experiment.schema as z.ZodType).safeParse(value);
  return parsed.success ? undefined : firstIssue(parsed.error);
}

type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

export function parseRunConfigFile(value: unknown, experimentOf: (id: string) => AnyExperiment | undefined): Parsed<RunConfigFile> {
  const parsed = runConfigFileSchema.safeParse(value);
  if (!parsed.success) return { ok: false, reason: `config.json: ${firstIssue(parsed.error)}` };
  const experiment = experimentOf(parsed.data.experiment);
  if (!experiment) return { ok: false, reason: `config.json: unknown experiment ${JSON.stringify(parsed.data.experiment)}` };
  const problem = configProblem(experiment, parsed.data.config);
  if (problem) return { ok: false, reason: `config.json: config.${problem}` };
  return { ok: true, value: parsed.data };
}

/** result.json checked against the result shape and its experiment's config schema; metrics revived to numbers. */
export function parseResultFile(value: unknown, experiment: AnyExperiment): Parsed<ExperimentResult> {
  const parsed = resultShape.safeParse(value);
  if (!parsed.success) return { ok: false, reason: `result.json: ${firstIssue(parsed.error)}` };
  const problem = configProblem(experiment, parsed.data.config);
  if (problem) return { ok: false, reason: `result.json: config.${problem}` };
  const metrics = Object.fromEntries(Object.entries(parsed.data.metrics).map(([k, v]) => [k, typeof v === 'number' ? v : Number(v)]));
  // Figure specs are checked down to their kind here; the renderer checks the rest and a bad figure fails its run only.
  return { ok: true, value: { ...parsed.data, metrics } as unknown as ExperimentResult };
}

const cellNameSchema = z.string().refine(isSafeSegment, 'a cell name must be one plain folder name (letters, digits and . _ = , + - only; not . or ..)');
const gridValue = z.union([z.number(), z.string(), z.boolean()]);

export const sweepManifestSchema = z.object({
  experiment: z.string(),
  preset: preset,
  set: z.array(z.string()),
  config: configObject,
  grid: z.array(z.object({ key: z.string(), values: z.array(gridValue) })),
  seeds: z.array(seedSchema),
  cells: z.array(
    z.object({
      index: z.number().int().nonnegative(),
      name: cellNameSchema,
      seed: seedSchema,
      values: z.record(z.string(), gridValue),
      hash: runHashSchema,
    }),
  ),
  version: z.string(),
});

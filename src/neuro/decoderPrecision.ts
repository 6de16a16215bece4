/**
 * How precisely each decoder reads an angle out of a noisy von Mises
 * population, as a function of the number of units N and the peak count A,
 * next to the Cramér–Rao bound 1/I(θ), I(θ) = Σ fᵢ'(θ)²/fᵢ(θ). For an even
 * tiling I ∝ N·A, so the bound falls like 1/(N·A); maximum likelihood
 * attains it once the counts are large, the population vector and the
 * least-squares readout do not in general (they ignore the Poisson
 * variance structure).
 */
import { Rng } from '../tensor/index.js';
import { fitAngleDecoder, linearAngleDecode, maximumLikelihoodDecode, populationVectorDecode } from './decoders.js';
import { angleDifference, PopulationCode } from './population.js';
import { checkInteger } from '../tensor/validate.js';

export interface DecoderPrecisionConfig {
  /** Called in every long loop (the experiments runner's cancellation check: it may throw to stop). */
  checkpoint?: () => void;
  units?: number[];
  peakRates?: number[];
  /** von Mises concentration κ. */
  kappa?: number;
  baseline?: number;
  /** Test trials per (N, A); the linear readout is fitted on as many separate trials. */
  trials?: number;
  seed?: number;
}

export interface DecoderPrecisionRow {
  units: number;
  peakRate: number;
  /** Mean over the test angles of 1/I(θ). */
  cramerRao: number;
  /** Mean squared circular error of each decoder. */
  maximumLikelihood: number;
  populationVector: number;
  linear: number;
  /** cramerRao / maximumLikelihood (1 = efficient). */
  mlEfficiency: number;
}

export function decoderPrecisionStudy(config: DecoderPrecisionConfig = {}): DecoderPrecisionRow[] {
  const { units = [8, 16, 32, 64], peakRates = [5, 20], kappa = 2, baseline = 0.5, trials = 500, seed = 0, checkpoint } = config;
  checkInteger('decoderPrecisionStudy', 'trials', trials, 2);
  const rng = new Rng(seed);
  const rows: DecoderPrecisionRow[] = [];
  for (const n of units) {
    for (const peakRate of peakRates) {
      const code = new PopulationCode({ units: n, kind: 'vonMises', width: kappa, peakRate, baseline, noise: 'poisson' });
      const trainAngles = Float64Array.from({ length: trials }, () => rng.uniform(-Math.PI, Math.PI));
      const responses = code.encodeBatch(trainAngles, rng);
      // The least-squares fit costs O(trials·N² + N³): a check of its own before it.
      checkpoint?.();
      const linear = fitAngleDecoder(responses, trainAngles, { ridge: 1e-6 });
      let cr = 0;
      let ml = 0;
      let pv = 0;
      let lin = 0;
      for (let k = 0; k < trials; k++) {
        checkpoint?.();
        const theta = rng.uniform(-Math.PI, Math.PI);
        const r = code.encode(theta, rng);
        cr += code.cramerRaoBound(theta);
        ml += angleDifference(maximumLikelihoodDecode(code, r), theta) ** 2;
        pv += angleDifference(populationVectorDecode(r, code.centers), theta) ** 2;
        lin += angleDifference(linearAngleDecode(linear, r), theta) ** 2;
      }
      rows.push({ units: n, peakRate, cramerRao: cr / trials, maximumLikelihood: ml / trials, populationVector: pv / trials, linear: lin / trials, mlEfficiency: cr / ml });
    }
  }
  return rows;
}

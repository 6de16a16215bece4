/**
 * neuro/dynamics: neural circuits as dynamical systems in continuous time —
 * rate networks τẋ = −x + Wφ(x) + I, Hopfield's graded-response network with
 * its Lyapunov energy, and a ring attractor storing an angle in a bump.
 */
export {
  rateNetwork,
  rateNonlinearity,
  simulateRateNetwork,
  type RateNetwork,
  type RateNetworkSpec,
  type RateNonlinearity,
  type RateNonlinearityName,
  type RateSimulation,
} from './rateNetwork.js';
export { hopfieldEnergy, hebbianWeights, hopfieldStudy, type HopfieldConfig, type HopfieldResult, type HopfieldRun } from './hopfield.js';
export {
  ringAngles,
  ringWeights,
  type RingWeightsOptions,
  populationVector,
  wrappedAngleDifference,
  ringAttractorStudy,
  type RingAttractorConfig,
  type RingAttractorResult,
} from './ringAttractor.js';

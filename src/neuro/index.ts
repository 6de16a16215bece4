/**
 * neuro: how credit flows through networks. Vanishing and exploding
 * gradients against mean-field theory, population codes and their decoders,
 * how credit is shared among the units of a population, and learning rules
 * that assign credit without exact backprop (feedback alignment, direct
 * feedback alignment, weight and node perturbation, Oja's Hebbian rule).
 */
export { ACTIVATION_NAMES, getActivation, type Activation, type ActivationName } from './activations.js';
export { gaussHermite, gaussianExpectation, type GaussHermiteRule } from './quadrature.js';
export { INIT_SCHEMES, initWeightVariance, initWeights, orthogonalGain, type InitScheme } from './init.js';
export {
  activationMoments,
  varianceMap,
  gradientGain,
  varianceFixedPoint,
  depthScale,
  meanFieldSummary,
  predictLayers,
  type MeanFieldSummary,
  type NetworkShape,
  type LayerPrediction,
} from './theory.js';
export { DeepMlp, mseAndGrad, matmulAB, matmulABt, matmulAtB, type DeepMlpOptions, type ForwardCache, type Gradients, type LossAndGrad } from './deep-mlp.js';
export {
  measureSignalPropagation,
  jacobianSingularValues,
  type JacobianSpectrum,
  type LayerMeasurement,
  type SignalMeasurement,
} from './signal-measure.js';
export { teacherStudentTask, sphereInputs, gradientStep, taskLoss, type RegressionTask } from './teacher-student.js';
export {
  signalPropagationStudy,
  formatNumber,
  type SignalPropagationConfig,
  type SignalPropagationResult,
  type SignalPropagationCase,
  type LayerComparison,
  type TrainabilityRecord,
} from './signal-propagation.js';
export { samplePoisson } from './poisson.js';
export { PopulationCode, VectorPopulationCode, angleDifference, type PopulationCodeOptions, type TuningKind, type ResponseNoise } from './population.js';
export {
  populationVectorDecode,
  fitLinearDecoder,
  linearDecode,
  fitAngleDecoder,
  linearAngleDecode,
  maximumLikelihoodDecode,
  type LinearDecoder,
} from './decoders.js';
export { PopulationNetwork, trainPopulationNetwork, evenAngles, type PopulationNetworkConfig, type PopulationTrainingResult } from './population-network.js';
export {
  creditDistribution,
  inequality,
  duplicateHiddenUnits,
  redundantReadoutCredit,
  creditScaling,
  ablationCurve,
  type CreditDistribution,
  type RedundantReadoutCredit,
  type CreditScalingRow,
  type AblationRow,
} from './credit.js';
export { feedbackGradients, randomFeedback, type FeedbackRule, type FeedbackMatrices } from './feedback-alignment.js';
export {
  weightPerturbationEstimate,
  nodePerturbationEstimate,
  perturbationBaseline,
  type WeightGradientEstimate,
  type NodePerturbationEstimate,
} from './perturbation.js';
export { perturbationVarianceStudy, type PerturbationVarianceConfig, type PerturbationVarianceRow } from './perturbation-variance.js';
export {
  compareLearningRules,
  LEARNING_RULES,
  type LearningRule,
  type LearningRulesConfig,
  type LearningRulesResult,
  type RuleRun,
  type RuleRecord,
} from './learning-rules.js';
export { ojaRule, principalComponents, type OjaOptions, type OjaResult } from './oja.js';
export { angleDegrees } from './vector-math.js';
export { decoderPrecisionStudy, type DecoderPrecisionConfig, type DecoderPrecisionRow } from './decoder-precision.js';
export { feedbackPathways, feedbackForward, type FeedbackPathways, type FeedbackRuleName } from './feedback-mlp.js';
export * from './dynamics/index.js';

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
export {
  neuroMlp,
  mlpArrays,
  forwardPass,
  backwardPass,
  hiddenJacobians,
  mseAndGrad,
  type NeuroMlpOptions,
  type MlpArrays,
  type ForwardCache,
  type Gradients,
  type LossAndGrad,
} from './mlpArrays.js';
export {
  measureSignalPropagation,
  jacobianSingularValues,
  type JacobianSpectrum,
  type LayerMeasurement,
  type SignalMeasurement,
} from './signalMeasure.js';
export { teacherStudentTask, sphereInputs, gradientStep, taskLoss, type RegressionTask } from './teacherStudent.js';
export {
  signalPropagationStudy,
  formatNumber,
  type SignalPropagationConfig,
  type SignalPropagationResult,
  type SignalPropagationCase,
  type LayerComparison,
  type TrainabilityRecord,
} from './signalPropagation.js';
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
export { PopulationNetwork, trainPopulationNetwork, evenAngles, type PopulationNetworkConfig, type PopulationTrainingResult } from './populationNetwork.js';
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
export { feedbackGradients, randomFeedback, type FeedbackRule, type FeedbackMatrices } from './feedbackAlignment.js';
export {
  weightPerturbationEstimate,
  nodePerturbationEstimate,
  perturbationBaseline,
  type WeightGradientEstimate,
  type NodePerturbationEstimate,
} from './perturbation.js';
export { perturbationVarianceStudy, type PerturbationVarianceConfig, type PerturbationVarianceRow } from './perturbationVariance.js';
export {
  compareLearningRules,
  LEARNING_RULES,
  type LearningRule,
  type LearningRulesConfig,
  type LearningRulesResult,
  type RuleRun,
  type RuleRecord,
} from './learningRules.js';
export { ojaRule, principalComponents, type OjaOptions, type OjaResult } from './oja.js';
export { angleDegrees } from './vectorMath.js';
export { decoderPrecisionStudy, type DecoderPrecisionConfig, type DecoderPrecisionRow } from './decoderPrecision.js';
export { feedbackPathways, feedbackForward, type FeedbackPathways, type FeedbackRuleName } from './feedbackMlp.js';
export * from './dynamics/index.js';

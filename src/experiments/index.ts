export * from './types.js';
export * from './registry.js';
export * from './schemaFields.js';
export * from './config.js';
export * from './runner.js';
export { estimateRunSeconds, formatDuration, type CostModel, type CostPart } from './cost.js';
export { catalog, registerCatalog } from './catalog.js';
export { MISSION, missionOrder, type MissionQuestion } from './mission.js';

// Every experiment's computation, callable from code with a typed config: experiments.<name>.study(config).
export * as xor from './xorStudy.js';
export * as stability from './stabilityStudy.js';
export * as lossLandscape from './lossLandscapeStudy.js';
export * as edgeOfStability from './edgeOfStabilityStudy.js';
export * as edgeOfStabilityMnist from './edgeOfStabilityMnistStudy.js';
export * as symmetryBreaking from './symmetryBreakingStudy.js';
export * as deepLinear from './deepLinearStudy.js';
export * as vanishingExploding from './vanishingExplodingStudy.js';
export * as creditInTime from './creditInTimeStudy.js';
export * as rnnFixedPoints from './rnnFixedPointsStudy.js';
export * as populationCredit from './populationCreditStudy.js';
export * as gradientFlowVsGd from './gradientFlowVsGdStudy.js';
export * as neuralDynamics from './neuralDynamicsStudy.js';
export * as optimizerGeometry from './optimizerGeometryStudy.js';

export * from './types.js';
export * from './registry.js';
export * from './schemaFields.js';
export * from './config.js';
export * from './runner.js';
export { estimateRunSeconds, formatDuration, type CostModel, type CostPart } from './cost.js';
export { catalog, registerCatalog } from './catalog.js';
export { MISSION, missionOrder, type MissionQuestion } from './mission.js';

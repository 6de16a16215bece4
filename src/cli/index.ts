/**
 * Node-only public API of the command line (not re-exported by the isomorphic
 * package root): the CLI as a function, run folders, sweeps and the report.
 */
export { runCli } from './program.js';
export { processIO, UsageError, type CliIO, type OutputStream } from './io.js';
export { writeFileAtomic, writeJsonAtomic, readJsonFile } from './fsAtomic.js';
export { executeRun, inspectRun, readRun, runFiles, runHash, type ExecuteRunOptions, type RunInspection, type RunConfigFile, type RunOutcome, type StoredRun } from './runStore.js';
export { buildCells, cellName, parseGrid, parseSeeds, parseShard, shardCells, writeSweepTables, type GridAxis, type Shard, type SweepCell, type SweepManifest } from './sweep.js';
export { runCells, type CellReport, type PoolOptions } from './pool.js';
export { writeReport, type ReportOptions, type ReportSummary } from './report.js';
export { startStaticServer } from './explore.js';
export { installParallelMatmul, uninstallParallelMatmul, setParallelMatmulMinWork, parallelMatmulStats, PARALLEL_MIN_WORK } from './parallelMatmul.js';
export { loadCatalog } from './catalogLoader.js';
export { toCsv } from './csv.js';
export { renderSvgNode, renderPngNode, svgToPng, figureFonts, type FigureFonts, type FigureSize, type PngOptions } from './figures.js';

/**
 * The worker's request table: every view's compute module exports its
 * handlers (request name → function of a plain payload), and the worker and
 * the protocol's types derive from this one list. The training session's
 * requests (trainInit, trainAdvance) are served by the worker itself, which
 * holds the session and replays it in cancellable slices.
 */
import { flowHandlers } from './flowRun.js';
import { landscapeHandlers } from './landscapeRun.js';
import { neuroHandlers } from './neuroRun.js';
import { parallelMatmulHandlers } from './parallelMatmul.js';
import { rnnHandlers } from './rnnRun.js';
import { stabilityHandlers } from './stabilityRun.js';

export const HANDLERS = { ...landscapeHandlers, ...stabilityHandlers, ...flowHandlers, ...neuroHandlers, ...rnnHandlers, ...parallelMatmulHandlers };

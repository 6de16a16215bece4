/**
 * The worker's request table: every view's compute module exports its
 * handlers (request name → function of a plain payload), and the worker and
 * the protocol's types derive from this one list.
 */
import { flowHandlers } from './flowRun.js';
import { landscapeHandlers } from './landscapeRun.js';
import { neuroHandlers } from './neuroRun.js';
import { stabilityHandlers } from './stabilityRun.js';
import { trainHandlers } from './trainSession.js';

export const HANDLERS = { ...landscapeHandlers, ...stabilityHandlers, ...trainHandlers, ...flowHandlers, ...neuroHandlers };

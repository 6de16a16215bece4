/**
 * The explorer's shell: tabs for the five views, the transport (play,
 * pause, step, reset, new seed), a live region for status, and the state
 * mirrored in the URL (history.replaceState) so the address is always a
 * shareable link to exactly what is on screen. `window.__ldynBench` exposes
 * frame and step counters for the browser benchmark and tests.
 */
import type { BenchHook } from './benchHook.js';
import { WorkerClient, cancelRunning, isCancelled } from './client.js';
import type { Host } from './controls.js';
import { VIEWS, coerce, parseState, serializeState, stepKey, type State, type Value, type ViewId } from './state.js';
import type { View } from './view.js';
import { flowView } from './views/flow.js';
import { landscapeView } from './views/landscape.js';
import { neuroView } from './views/neuro.js';
import { stabilityView } from './views/stability.js';
import { trainView } from './views/train.js';
import './style.css';

// The URL is untrusted: parsed through the state's schema (web/state.ts), with a note for every value it changed.
const parsed = parseState(location.search);
const state: State = parsed.state;
let urlNotes = parsed.notes;
const bench: BenchHook = { frames: 0, steps: 0, playing: false, busy: 0, view: state.view as ViewId, values: {}, errors: [] };
window.__ldynBench = bench;

const status = document.getElementById('status')!;
let urlTimer: number | null = null;
function writeUrl(): void {
  urlTimer = null;
  history.replaceState(null, '', serializeState(state));
}

const host: Host = {
  state,
  set(key: string, value: Value) {
    // Controls go through the same schema as the URL (a typed start point is clamped like a URL's).
    const { value: valid, note } = coerce(key, value);
    state[key] = valid;
    if (note) host.announce(`Adjusted: ${note}.`);
    // Throttled: replaceState many times a second while playing is wasteful (and browsers rate-limit it).
    if (urlTimer === null) urlTimer = window.setTimeout(writeUrl, 150);
  },
  announce(message: string) {
    status.textContent = message;
  },
  report(name: string, value: number) {
    bench.values[name] = value;
  },
  track(work: Promise<unknown>) {
    busy(work).catch(() => undefined);
  },
};

const client = new WorkerClient();
// A long request (a training replay from a URL) says how far it is; the view's own message replaces this when done.
client.onProgress = (method, done, total) => host.announce(method === 'trainInit' ? `Replaying the run: step ${done} of ${total}…` : `Working: ${done} of ${total}…`);
const views = new Map<ViewId, View>();
const TITLES: Record<ViewId, string> = { landscape: 'Landscape & optimizers', stability: 'Stability', train: 'Train a network', flow: 'Gradient flow vs GD', neuro: 'Neural dynamics' };
const factories = { landscape: landscapeView, stability: stabilityView, train: trainView, flow: flowView, neuro: neuroView };
const panels = document.getElementById('panels')!;
const tablist = document.getElementById('tabs')!;
const playButton = document.getElementById('play') as HTMLButtonElement;
const stepButton = document.getElementById('step') as HTMLButtonElement;
const resetButton = document.getElementById('reset') as HTMLButtonElement;
const seedButton = document.getElementById('new-seed') as HTMLButtonElement;
const seedLabel = document.getElementById('seed')!;

function view(id: ViewId): View {
  let v = views.get(id);
  if (!v) {
    v = factories[id]({ host, client });
    v.element.id = `panel-${id}`;
    v.element.setAttribute('role', 'tabpanel');
    v.element.setAttribute('aria-labelledby', `tab-${id}`);
    v.element.hidden = true;
    panels.append(v.element);
    views.set(id, v);
  }
  return v;
}

/** Count work in flight; an error is recorded and shown (and stays shown: nothing announces "ready" over it). */
async function busy<T>(work: Promise<T>): Promise<T> {
  bench.busy++;
  try {
    return await work;
  } catch (e) {
    if (isCancelled(e)) throw e; // superseded by a newer request: not an error
    const message = e instanceof Error ? e.message : String(e);
    bench.errors.push(message);
    host.announce(`Error: ${message}`);
    throw e;
  } finally {
    bench.busy--;
  }
}

/** True when the work succeeded (an error has been shown by busy(); a cancelled refresh is superseded). */
function settled(work: Promise<unknown>): Promise<boolean> {
  return busy(work).then(
    () => true,
    () => false,
  );
}

function current(): View {
  return view(state.view as ViewId);
}

async function activate(id: ViewId, focusTab = false): Promise<void> {
  pause();
  // The view left behind does not need its requests any more (a long training replay would block the new view).
  cancelRunning();
  state.view = id;
  bench.view = id;
  writeUrl();
  for (const tab of tablist.querySelectorAll<HTMLButtonElement>('[role=tab]')) {
    const selected = tab.dataset.view === id;
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
    if (selected && focusTab) tab.focus();
  }
  for (const v of views.values()) v.element.hidden = v.id !== id;
  const v = view(id);
  v.element.hidden = false;
  v.sync();
  try {
    await busy(v.refresh());
  } catch {
    return; // busy() shows the error, or the refresh was superseded
  }
  if (state.view !== id) return;
  const notes = urlNotes.length > 0 ? ` Adjusted from the URL: ${urlNotes.join('; ')}.` : '';
  urlNotes = [];
  host.announce(`${v.title}: ready.${notes}`);
}

for (const id of VIEWS) {
  const tab = document.createElement('button');
  tab.type = 'button';
  tab.setAttribute('role', 'tab');
  tab.id = `tab-${id}`;
  tab.dataset.view = id;
  tab.setAttribute('aria-controls', `panel-${id}`);
  tab.textContent = TITLES[id];
  tab.addEventListener('click', () => void activate(id));
  tablist.append(tab);
}
// Arrow keys move between tabs (WAI-ARIA tabs pattern); Tab moves into the panel.
tablist.addEventListener('keydown', (e) => {
  const i = VIEWS.indexOf(state.view as ViewId);
  const next = e.key === 'ArrowRight' ? (i + 1) % VIEWS.length : e.key === 'ArrowLeft' ? (i + VIEWS.length - 1) % VIEWS.length : e.key === 'Home' ? 0 : e.key === 'End' ? VIEWS.length - 1 : -1;
  if (next < 0) return;
  e.preventDefault();
  void activate(VIEWS[next]!, true);
});

let playing = false;
function setPlaying(on: boolean): void {
  playing = on;
  bench.playing = on;
  playButton.textContent = on ? 'Pause' : 'Play';
  playButton.setAttribute('aria-pressed', String(on));
}

/** Stop playing; the play loop finishes its frame, then writes the URL and announces the step. */
function pause(): void {
  if (playing) setPlaying(false);
}

async function advance(n: number): Promise<boolean> {
  const v = current();
  const before = Number(state[stepKey(v.id)]);
  const more = await busy(v.step(n));
  bench.steps += Number(state[stepKey(v.id)]) - before;
  bench.frames++;
  return more;
}

async function play(): Promise<void> {
  const id = state.view as ViewId;
  setPlaying(true);
  host.announce('Playing.');
  let more = true;
  let failed = false;
  while (playing && more) {
    more = await advance(current().stepsPerFrame).catch(() => {
      failed = true;
      return false;
    });
    if (more) await new Promise((r) => requestAnimationFrame(r));
  }
  setPlaying(false);
  writeUrl();
  if (state.view === id && !failed) host.announce(`${more ? 'Paused' : 'Stopped (end of run)'} at step ${state[stepKey(id)]}.`);
}

playButton.addEventListener('click', () => (playing ? pause() : void play()));
stepButton.addEventListener('click', async () => {
  pause();
  try {
    await advance(1);
  } catch {
    return; // busy() shows the error
  }
  writeUrl();
  host.announce(`Step ${state[stepKey(state.view as ViewId)]}.`);
});
resetButton.addEventListener('click', async () => {
  pause();
  state[stepKey(state.view as ViewId)] = 0;
  writeUrl();
  if (await settled(current().refresh())) host.announce('Reset to step 0 (same initialization).');
});
seedButton.addEventListener('click', async () => {
  pause();
  state.seed = 1 + Math.floor(Math.random() * 1e6);
  seedLabel.textContent = String(state.seed);
  state[stepKey(state.view as ViewId)] = 0;
  writeUrl();
  if (await settled(current().refresh())) host.announce(`New seed ${state.seed}.`);
});
seedLabel.textContent = String(state.seed);

window.addEventListener('error', (e) => bench.errors.push(String(e.message)));
let resizeTimer = 0;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = window.setTimeout(() => current().draw(), 100);
});

void activate(state.view as ViewId);

/**
 * The explorer's shell: tabs for the five views, the transport (play,
 * pause, step, reset, new seed), a live region for status, and the state
 * mirrored in the URL (history.replaceState) so the address is always a
 * shareable link to exactly what is on screen. The views and their tables
 * come from web/registry.ts; each view opens with its guide, whose "try this"
 * links set the state in place. `window.__ldynBench` exposes
 * frame and step counters for the browser benchmark and tests.
 */
import type { BenchHook } from './benchHook.js';
import { WorkerClient, cancelRunning, isCancelled } from './client.js';
import type { Host } from './controls.js';
import { VIEWS, coerce, definition, parseState, serializeState, stepKey } from './registry.js';
import type { State, Value, ViewId } from './state.js';
import type { View } from './view.js';
import { addFigureExports, download, seriesCsv } from './exports.js';
import { FIGURE_RESIZE } from './canvas.js';
import 'katex/dist/katex.min.css';
import './style.css';

// The URL is untrusted: parsed through the state's schema (the views' fields, web/registry.ts), with a note for every value it changed.
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
    // Throttled: replaceState many times a second while playing is wasteful (and browsers rate-limit it); Chromium
    // spends milliseconds of the main thread on each, so a play writes the step about once a second (and on pause).
    if (urlTimer === null) urlTimer = window.setTimeout(writeUrl, playing ? 1000 : 150);
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
const panels = document.getElementById('panels')!;
const tablist = document.getElementById('tabs')!;
const playButton = document.getElementById('play') as HTMLButtonElement;
const stepButton = document.getElementById('step') as HTMLButtonElement;
const resetButton = document.getElementById('reset') as HTMLButtonElement;
const seedButton = document.getElementById('new-seed') as HTMLButtonElement;
const seedLabel = document.getElementById('seed')!;

/** The view's guide (docs/explorer/<id>.md, rendered at build time), collapsible. */
function guideElement(id: ViewId, html: string): HTMLElement {
  const details = document.createElement('details');
  details.className = 'guide';
  details.id = `guide-${id}`;
  details.open = true;
  const summary = document.createElement('summary');
  summary.textContent = 'What this shows, and things to try';
  const body = document.createElement('div');
  body.className = 'guide-body';
  // Trusted HTML: our own docs, rendered by markdown-it and KaTeX at build time.
  body.innerHTML = html;
  details.append(summary, body);
  return details;
}

/** A "try this" link: load its state in place (as opening the link would), keeping the page and the worker. */
async function follow(search: string): Promise<void> {
  pause();
  const next = parseState(search);
  Object.assign(state, next.state);
  urlNotes = next.notes;
  seedLabel.textContent = String(state.seed);
  for (const v of views.values()) v.sync();
  await activate(state.view as ViewId);
}

panels.addEventListener('click', (e) => {
  const a = (e.target as Element).closest?.('.guide a[href^="?"]');
  if (!a || (e as MouseEvent).ctrlKey || (e as MouseEvent).metaKey) return;
  e.preventDefault();
  void follow(a.getAttribute('href')!);
});

function view(id: ViewId): View {
  let v = views.get(id);
  if (!v) {
    const def = definition(id);
    v = def.create({ host, client });
    v.element.prepend(guideElement(id, def.guide));
    v.element.id = `panel-${id}`;
    v.element.setAttribute('role', 'tabpanel');
    v.element.setAttribute('aria-labelledby', `tab-${id}`);
    v.element.hidden = true;
    panels.append(v.element);
    const drawn = v;
    addFigureExports(v.element, id, () => drawn.draw());
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
  setTransport(definition(id).maxSteps > 0);
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
  tab.textContent = definition(id).title;
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

const TRANSPORT_TITLES = new Map([playButton, stepButton, resetButton].map((b) => [b, b.title]));
/**
 * Play, Step and Reset move a run through its steps; a view that is one
 * precomputed run (the trained RNN) has none, so they are disabled and say why.
 */
function setTransport(enabled: boolean): void {
  for (const [button, title] of TRANSPORT_TITLES) {
    button.disabled = !enabled;
    button.title = enabled ? title : 'This view is one precomputed run: it has no steps to play. Change a control to compute another.';
  }
}

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
  const v = current();
  const key = stepKey(v.id);
  let before = Number(state[key]);
  // A view that plays by itself draws from requestAnimationFrame while its worker computes (a new request, such as a
  // control's restart, ends a play, so the loop starts it again on the new run); the others step once per frame.
  const drew = () => {
    bench.steps += Math.max(0, Number(state[key]) - before); // a restart meanwhile starts again from 0
    before = Number(state[key]);
    bench.frames++;
  };
  while (playing && more) {
    const running = () => playing && state.view === id;
    more = await (v.play ? busy(v.play(running, drew)) : advance(v.stepsPerFrame)).catch(() => {
      failed = true;
      return false;
    });
    if (more && !v.play) await new Promise((r) => requestAnimationFrame(r));
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

const csvButton = document.getElementById('export-csv') as HTMLButtonElement;
csvButton.addEventListener('click', () => {
  const table = current().series?.();
  if (!table || table.rows.length === 0) {
    host.announce('Nothing to export yet: press Play or Step first.');
    return;
  }
  download(`${table.name}-seed${state.seed}.csv`, new Blob([seriesCsv(table)], { type: 'text/csv' }));
  host.announce(`Exported ${table.rows.length} rows as CSV.`);
});

window.addEventListener('error', (e) => bench.errors.push(String(e.message)));
let resizeTimer = 0;
const redrawSoon = () => {
  clearTimeout(resizeTimer);
  resizeTimer = window.setTimeout(() => current().draw(), 100);
};
window.addEventListener('resize', redrawSoon);
window.addEventListener(FIGURE_RESIZE, redrawSoon);

void activate(state.view as ViewId);

/**
 * Labelled native form controls bound to the explorer state: sliders
 * (linear or logarithmic, with the value shown and an optional marker such
 * as the stability limit 2/λ_max), selects and text fields. Native inputs
 * keep keyboard operation and screen-reader labels for free.
 */
import type { Field, State, Value } from './state.js';

export interface Host {
  readonly state: State;
  /** Set a state value (and the URL); views recompute on their own. */
  set(key: string, value: Value): void;
  announce(message: string): void;
  /** Publish a number for tests and benchmarks (window.__ldynBench.values). */
  report(name: string, value: number): void;
  /** Count work in flight (window.__ldynBench.busy), so tests and benchmarks can wait for the page to settle. */
  track(work: Promise<unknown>): void;
}

export type ControlSpec =
  /** min and max default to the URL field's range (the view's declared fields). */
  | { kind: 'range'; key: string; label: string; min?: number; max?: number; step?: number; log?: boolean; unit?: string }
  | { kind: 'select'; key: string; label: string; options: [string, string][] }
  | { kind: 'text'; key: string; label: string; pattern?: string; title?: string };

export interface ControlPanel {
  element: HTMLFieldSetElement;
  /** Re-read every input from the state (after reset, reload or a programmatic change). */
  sync(): void;
  /** Disable a control, showing why (null enables it again). */
  disable(key: string, why: string | null): void;
  /** Place a marker on a slider at `value` (null hides it), with a visible and spoken caption. */
  marker(key: string, value: number | null, caption: string): void;
}

/** Round to 3 significant digits so that slider values read cleanly and survive the URL exactly. */
export function round3(v: number): number {
  return Number(v.toPrecision(3));
}

export function formatValue(v: number): string {
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e4) ? v.toExponential(2) : String(round3(v));
}

let uid = 0;

type RangeSpec = ControlSpec & { kind: 'range'; min: number; max: number };

/** A range control's bounds: its own, else its URL field's. */
function withRange(spec: ControlSpec & { kind: 'range' }, fields: Record<string, Field>): RangeSpec {
  const field = fields[spec.key];
  const min = spec.min ?? (field?.kind === 'number' ? field.min : undefined);
  const max = spec.max ?? (field?.kind === 'number' ? field.max : undefined);
  if (min === undefined || max === undefined) throw new Error(`controlPanel: range '${spec.key}' needs min and max (on the control or its field)`);
  return { ...spec, min, max };
}

export function controlPanel(host: Host, legendText: string, specs: ControlSpec[], onChange: (key: string) => void | Promise<void>, fields: Record<string, Field>): ControlPanel {
  const fs = document.createElement('fieldset');
  fs.className = 'controls';
  const lg = document.createElement('legend');
  lg.textContent = legendText;
  fs.append(lg);
  const syncers: (() => void)[] = [];
  const markers = new Map<string, { el: HTMLElement; caption: HTMLElement; spec: RangeSpec }>();
  const inputs = new Map<string, HTMLInputElement | HTMLSelectElement>();
  for (const given of specs) {
    checkAgainstSchema(given, fields);
    const spec = given.kind === 'range' ? withRange(given, fields) : given;
    const id = `ctl-${++uid}`;
    const row = document.createElement('div');
    row.className = 'control';
    const label = document.createElement('label');
    label.htmlFor = id;
    label.textContent = spec.label;
    row.append(label);
    if (spec.kind === 'range') {
      const wrap = document.createElement('div');
      wrap.className = 'range-wrap';
      const input = document.createElement('input');
      input.type = 'range';
      input.id = id;
      input.name = spec.key;
      const toPos = (v: number) => (spec.log ? Math.log10(v) : v);
      const fromPos = (p: number) => (spec.log ? round3(10 ** p) : round3(p));
      input.min = String(toPos(spec.min));
      input.max = String(toPos(spec.max));
      input.step = String(spec.step ?? (spec.log ? 0.01 : (spec.max - spec.min) / 200));
      const out = document.createElement('output');
      out.htmlFor.add(id);
      out.className = 'value';
      const show = (v: number) => {
        out.textContent = formatValue(v) + (spec.unit ?? '');
        input.setAttribute('aria-valuetext', `${formatValue(v)}${spec.unit ?? ''}`);
      };
      input.addEventListener('input', () => {
        const v = fromPos(Number(input.value));
        show(v);
        host.set(spec.key, v);
        host.track(Promise.resolve(onChange(spec.key)));
      });
      const mark = document.createElement('div');
      mark.className = 'slider-marker';
      mark.hidden = true;
      mark.setAttribute('aria-hidden', 'true');
      const caption = document.createElement('div');
      caption.className = 'marker-caption';
      wrap.append(input, mark);
      row.append(wrap, out, caption);
      inputs.set(spec.key, input);
      markers.set(spec.key, { el: mark, caption, spec });
      syncers.push(() => {
        const v = Number(host.state[spec.key]);
        input.value = String(toPos(v));
        show(v);
      });
    } else if (spec.kind === 'select') {
      const select = document.createElement('select');
      select.id = id;
      select.name = spec.key;
      for (const [value, text] of spec.options) select.append(new Option(text, value));
      select.addEventListener('change', () => {
        host.set(spec.key, select.value);
        host.track(Promise.resolve(onChange(spec.key)));
      });
      row.append(select);
      inputs.set(spec.key, select);
      syncers.push(() => (select.value = String(host.state[spec.key])));
    } else {
      const input = document.createElement('input');
      input.type = 'text';
      input.id = id;
      input.name = spec.key;
      if (spec.pattern) input.pattern = spec.pattern;
      if (spec.title) input.title = spec.title;
      input.addEventListener('change', () => {
        if (!input.checkValidity()) {
          host.announce(`${spec.label}: ${spec.title ?? 'invalid value'}`);
          return;
        }
        host.set(spec.key, input.value);
        input.value = String(host.state[spec.key]); // what the schema made of it (a clamped start point, say)
        host.track(Promise.resolve(onChange(spec.key)));
      });
      row.append(input);
      inputs.set(spec.key, input);
      syncers.push(() => (input.value = String(host.state[spec.key])));
    }
    const reason = document.createElement('div');
    reason.className = 'disabled-reason';
    reason.id = `${id}-reason`;
    row.append(reason);
    fs.append(row);
  }
  const sync = () => syncers.forEach((s) => s());
  sync();
  return {
    element: fs,
    sync,
    disable(key, why) {
      const input = inputs.get(key);
      if (!input) return;
      const row = input.closest('.control')!;
      const note = row.querySelector<HTMLElement>('.disabled-reason')!;
      input.disabled = why !== null;
      row.classList.toggle('disabled', why !== null);
      note.textContent = why ?? '';
      if (why === null) input.removeAttribute('aria-describedby');
      else input.setAttribute('aria-describedby', note.id);
    },
    marker(key, value, text) {
      const m = markers.get(key);
      if (!m) return;
      const { spec } = m;
      const lo = spec.log ? Math.log10(spec.min) : spec.min;
      const hi = spec.log ? Math.log10(spec.max) : spec.max;
      const pos = value === null || !(value > 0 || !spec.log) ? NaN : ((spec.log ? Math.log10(value) : value) - lo) / (hi - lo);
      const inside = Number.isFinite(pos) && pos >= 0 && pos <= 1;
      m.el.hidden = !inside;
      // The thumb travels between half a thumb width from each end (16 px thumbs).
      if (inside) m.el.style.left = `calc(8px + ${pos} * (100% - 16px))`;
      m.caption.textContent = text;
    },
  };
}

/** A control must offer exactly what the URL schema (web/state.ts) accepts: the same range, the same choices. */
/** A control must belong to its view's URL schema: its key a field, a select's options the field's choices, a range's bounds (if it gives any) the field's. */
function checkAgainstSchema(spec: ControlSpec, fields: Record<string, Field>): void {
  const field = Object.hasOwn(fields, spec.key) ? fields[spec.key]! : null;
  const fail = (what: string) => {
    throw new Error(`control '${spec.key}': ${what} (the view's URL fields)`);
  };
  if (!field) fail('no such key in');
  if (spec.kind === 'range' && (field!.kind !== 'number' || (spec.min !== undefined && field!.min !== spec.min) || (spec.max !== undefined && field!.max !== spec.max))) fail(`range ${spec.min}…${spec.max} differs from`);
  if (spec.kind === 'select') {
    const values = spec.options.map(([v]) => v);
    if (field!.kind !== 'choice' || values.length !== field!.values.length || values.some((v) => !field!.values.includes(v))) fail(`options ${values.join(', ')} differ from`);
  }
}

/** A labelled canvas inside a figure with a caption; the canvas is described for screen readers. */
export function figure(title: string, description: string, className = ''): { figure: HTMLElement; canvas: HTMLCanvasElement; legend: HTMLUListElement; caption: HTMLElement } {
  const fig = document.createElement('figure');
  fig.className = `plot ${className}`;
  const cap = document.createElement('figcaption');
  cap.textContent = title;
  const canvas = document.createElement('canvas');
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', `${title}: ${description}`);
  const legend = document.createElement('ul');
  legend.className = 'legend';
  const note = document.createElement('p');
  note.className = 'plot-note';
  fig.append(cap, canvas, legend, note);
  return { figure: fig, canvas, legend, caption: note };
}

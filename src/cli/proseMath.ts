/**
 * Inline math in prose. Findings and section texts are plain sentences that
 * also read well in a terminal and in report.md, so they write symbols the
 * way a plain-text reader expects (`λ_max`, `T_3`, `N^-1`, `η^1.01`) and may
 * mark longer expressions explicitly as `$…$` (TeX). For the HTML report both
 * are typeset by KaTeX at build time, so inline symbols look like the display
 * math beside them:
 *
 * - `$…$` is passed to KaTeX as written;
 * - a single letter (Latin or Greek) at the start of a word followed by
 *   `_sub` and/or `^sup` becomes `letter_{sub}^{sup}`: a one-character or
 *   numeric script stays italic/upright as TeX sets it, a word (`max`,
 *   `eff`) is set upright (`\mathrm`), a superscript may be a signed decimal.
 *
 * Everything else stays text; `splitProse` returns the pieces so the caller
 * escapes the text and typesets the math.
 */

type ProsePiece = { kind: 'text'; text: string } | { kind: 'math'; tex: string };

// A script: a braced group, or letters/digits (subscripts), or a signed decimal or one letter (superscripts).
const SUB = String.raw`(?:\{[^{}\n]+\}|[\p{L}\p{N}]+)`;
const SUP = String.raw`(?:\{[^{}\n]+\}|[-−]?\d+(?:\.\d+)?|\p{L})`;
const SYMBOL = new RegExp(String.raw`(?<![\p{L}\p{N}_\\])(\p{L})((?:_${SUB}|\^${SUP})+)`, 'gu');
const SCRIPT = /([_^])(\{[^{}\n]+\}|[-−]?\d+(?:\.\d+)?|[\p{L}\p{N}]+)/gu;

/** TeX for one script's content: braces kept, words upright, a single symbol or number as is. */
function scriptTex(raw: string): string {
  if (raw.startsWith('{')) return raw;
  if (/^\p{L}{2,}$/u.test(raw)) return `{\\mathrm{${raw}}}`;
  return `{${raw.replace('−', '-')}}`;
}

/** `λ_max^2` → `λ_{\mathrm{max}}^{2}`. */
function symbolTex(base: string, scripts: string): string {
  let tex = base;
  for (const m of scripts.matchAll(SCRIPT)) tex += m[1]! + scriptTex(m[2]!);
  return tex;
}

function splitSymbols(text: string, out: ProsePiece[]): void {
  let last = 0;
  for (const m of text.matchAll(SYMBOL)) {
    if (m.index! > last) out.push({ kind: 'text', text: text.slice(last, m.index) });
    out.push({ kind: 'math', tex: symbolTex(m[1]!, m[2]!) });
    last = m.index! + m[0].length;
  }
  if (last < text.length) out.push({ kind: 'text', text: text.slice(last) });
}

/** Split prose into text and math pieces (see the file comment). */
export function splitProse(text: string): ProsePiece[] {
  const out: ProsePiece[] = [];
  for (const part of text.split(/(\$[^$\n]+\$)/g)) {
    if (part.length > 2 && part.startsWith('$') && part.endsWith('$')) out.push({ kind: 'math', tex: part.slice(1, -1) });
    else if (part !== '') splitSymbols(part, out);
  }
  return out;
}

/**
 * HTML built so that escaping cannot be forgotten. Every value placed into
 * an `html` template is escaped, unless it is SafeHtml: the result of
 * another `html` template, or markup that `trustedHtml` vouches for (KaTeX
 * output, SVG serialised by a DOM). Strings from run folders therefore reach
 * the page as text, whatever they hold. The report also carries REPORT_CSP,
 * which forbids every script: even markup that slipped through could not run.
 */

/** Markup that is safe to insert as it is. */
export class SafeHtml {
  constructor(readonly markup: string) {}
  toString(): string {
    return this.markup;
  }
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text → HTML text, safe in element content and in quoted attribute values. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.markup;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/** Tagged template: the literal parts are markup, every interpolated value is escaped (arrays are joined). */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new SafeHtml(out);
}

/** Markup produced by a trusted renderer from escaped input (KaTeX with trust off, a DOM's serialiser). */
export function trustedHtml(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/**
 * The report's Content-Security-Policy: nothing may load or run except the
 * inline styles, the data: fonts (KaTeX) and data: images it carries. No
 * script-src, so default-src 'none' forbids every script, inline event
 * handlers included.
 */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:; base-uri 'none'; form-action 'none'";

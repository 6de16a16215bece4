/**
 * Escaping for text placed into HTML (element content and quoted attribute
 * values). Every string the report interpolates that did not come from a
 * renderer of our own (KaTeX, the SVG figure renderer) goes through here:
 * titles, labels, findings and config values are read from run folders,
 * which are untrusted input.
 */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

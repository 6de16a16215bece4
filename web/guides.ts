/**
 * The explorer's guides are the markdown files docs/explorer/<view>.md (so
 * the docs and the page say the same thing, from one source). At build time
 * a Vite plugin turns `import guide from '…/<view>.md?guide'` into the guide's
 * HTML: markdown by markdown-it, `$…$` and `$$…$$` math by KaTeX, the leading
 * `# title` dropped (the tab names the view). Links starting with `?` are
 * "try this" links: they set the explorer's state through the URL.
 */
import { readFileSync } from 'node:fs';
import katex from 'katex';
import MarkdownIt from 'markdown-it';
import type { Plugin } from 'vite';

const md = new MarkdownIt({ html: false, linkify: false, typographer: false });

/** Markdown with TeX math → HTML (math typeset by KaTeX; a TeX error fails the build). */
export function renderGuide(markdown: string): string {
  const math: string[] = [];
  // Math first, out of markdown's reach (underscores and backslashes are TeX there), back in after.
  const hold = (tex: string, display: boolean) => {
    math.push(katex.renderToString(tex.trim(), { displayMode: display, throwOnError: true, output: 'htmlAndMathml' }));
    return `@@MATH${math.length - 1}@@`;
  };
  const body = markdown
    .replace(/^# .*\n+/, '')
    .replace(/\$\$([\s\S]+?)\$\$/g, (_m, tex: string) => hold(tex, true))
    .replace(/\$([^$\n]+)\$/g, (_m, tex: string) => hold(tex, false));
  return md.render(body).replace(/@@MATH(\d+)@@/g, (_m, i: string) => math[Number(i)]!);
}

/** Vite plugin: `*.md?guide` imports become the guide's HTML as a string. */
export function guidePlugin(): Plugin {
  return {
    name: 'ldyn-explorer-guides',
    enforce: 'pre',
    async resolveId(source, importer) {
      if (!source.endsWith('.md?guide')) return null;
      const resolved = await this.resolve(source.slice(0, -'?guide'.length), importer, { skipSelf: true });
      return resolved ? `${resolved.id}?guide` : null;
    },
    load(id) {
      if (!id.endsWith('.md?guide')) return null;
      const file = id.slice(0, -'?guide'.length);
      this.addWatchFile(file);
      return `export default ${JSON.stringify(renderGuide(readFileSync(file, 'utf8')))};`;
    },
  };
}

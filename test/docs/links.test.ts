/**
 * Every relative link and image of README.md and docs/*.md names a file that
 * is committed to the repository, so a reader of a fresh clone (or of the
 * page on a code host) never meets a broken picture or a dead link. Links are
 * found by markdown-it, the parser the doc tests use for code blocks, so a
 * link inside a table or a list counts too.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import { describe, expect, it } from 'vitest';
import { REPO, docPages } from './blocks.js';

const md = new MarkdownIt({ html: false });

/** Targets of the links and images of one page, with the kind of each. */
function targets(text: string): { kind: 'link' | 'image'; target: string }[] {
  const out: { kind: 'link' | 'image'; target: string }[] = [];
  const visit = (tokens: Token[]) => {
    for (const t of tokens) {
      if (t.type === 'link_open') out.push({ kind: 'link', target: t.attrGet('href') ?? '' });
      if (t.type === 'image') out.push({ kind: 'image', target: t.attrGet('src') ?? '' });
      if (t.children) visit(t.children);
    }
  };
  visit(md.parse(text, {}));
  return out;
}

/** A target outside the repository (a URL with a scheme, or an anchor on the same page) is not checked here. */
const external = (target: string) => /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#');

const committed = new Set(execFileSync('git', ['ls-files', '-z'], { cwd: REPO, encoding: 'utf8' }).split('\0').filter(Boolean));
const committedDirs = new Set([...committed].flatMap((f) => f.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/'))));

describe('documentation links', () => {
  const pages = docPages();

  it.each(pages)('every relative link and image of %s names a committed file or folder', (page) => {
    const broken: string[] = [];
    for (const { kind, target } of targets(readFileSync(join(REPO, page), 'utf8'))) {
      if (external(target)) continue;
      const path = normalize(join(dirname(page), decodeURIComponent(target.split('#')[0]!))).replace(/\/$/, '');
      const ok = kind === 'image' ? committed.has(path) : committed.has(path) || committedDirs.has(path);
      if (!ok) broken.push(`${kind} ${target}`);
    }
    expect(broken).toEqual([]);
  });

  it('finds the README’s screenshots (the check sees images inside tables)', () => {
    const images = targets(readFileSync(join(REPO, 'README.md'), 'utf8')).filter((t) => t.kind === 'image');
    expect(images.map((t) => t.target)).toContain('docs/figures/explorer-train.png');
  });
});

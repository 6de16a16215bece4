/** A guide imported as `…/docs/explorer/<view>.md?guide`: its HTML, rendered at build time (web/guides.ts). */
declare module '*.md?guide' {
  const html: string;
  export default html;
}

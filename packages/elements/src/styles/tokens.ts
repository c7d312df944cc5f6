import { unsafeCSS, type CSSResult } from 'lit';

// Each public token: its widget-level name, the page-wide name it falls back to, and the
// default (a light-dark() pair for colours). Read once into a private alias `--_<alias>`.
const TOKENS: ReadonlyArray<readonly [alias: string, name: string, shared: string, fallback: string]> = [
  ['accent', 'accent', 'color-accent', 'light-dark(#4f46e5, #a5b4fc)'],
  ['on-accent', 'on-accent', 'color-on-accent', 'light-dark(#fff, #111827)'],
  ['surface', 'surface', 'color-surface', 'light-dark(#fff, #111827)'],
  ['raised', 'surface-raised', 'color-surface-raised', 'light-dark(#f5f6f8, #1f2937)'],
  ['text', 'text', 'color-text', 'light-dark(#1f2937, #f3f4f6)'],
  ['muted', 'muted', 'color-muted', 'light-dark(#4b5563, #c0c6d0)'],
  ['border', 'border', 'color-border', 'light-dark(#c9ced6, #4b5563)'],
  ['danger', 'danger', 'color-danger', 'light-dark(#b91c1c, #fca5a5)'],
  ['success', 'success', 'color-success', 'light-dark(#15803d, #86efac)'],
  ['focus', 'focus', 'color-focus', 'light-dark(#4f46e5, #a5b4fc)'],
  ['skeleton', 'skeleton', 'color-skeleton', 'light-dark(#e5e7eb, #374151)'],
  ['radius', 'radius', 'radius', '0.5rem'],
  ['space', 'space', 'space', '1rem'],
  ['avatar', 'avatar-size', 'avatar-size', '2.25rem'],
];

/**
 * The token preamble every widget after comments starts from, for `widget` (e.g. `feed`):
 * each `--community-<widget>-<token>` falls back to the page-wide `--community-<token>`,
 * then to Hearth's default, and is read once into a private `--_<alias>` the widget's own
 * styles use. Both palettes live in `light-dark()`; `theme` only switches `color-scheme`.
 * The JSDoc of each widget lists the same tokens as `@cssprop`.
 */
export function widgetTokens(widget: string): CSSResult {
  const own = (name: string) => `--community-${widget}-${name}`;
  const aliases = TOKENS.map(([alias, name, shared, fallback]) => `--_${alias}:var(${own(name)},var(--community-${shared},${fallback}));`).join('');
  return unsafeCSS(
    `:host{color-scheme:light;${aliases}font-family:var(${own('font-family')},var(--community-font-family,inherit));` +
      `font-size:var(${own('font-size')},var(--community-font-size,1rem));line-height:1.5}` +
      `:host([theme='dark']),:host([data-scheme='dark']){color-scheme:dark}:host([theme='auto']){color-scheme:light dark}` +
      `.base{background:var(--_surface);color:var(--_text);border-radius:var(--_radius);padding:var(--_space)}`,
  );
}

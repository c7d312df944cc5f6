import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ELEMENTS, REFERENCE, analyze, defineFiles, elementsOf, renderDocs, sourceFiles } from './cem.mjs';

const manifest = analyze();
const elements = elementsOf(manifest);
const pages = renderDocs(manifest);
const sources = new Map(sourceFiles().map((file) => [file.path, file.source]));

/** The string literals in a class's `observedAttributes` (a plain custom element's, or a Lit class's additions). */
function observedLiterals(source, className) {
  const file = ts.createSourceFile('x.ts', source, ts.ScriptTarget.ES2022, true);
  const names = new Set();
  const visit = (node) => {
    if (ts.isClassDeclaration(node) && node.name?.text === className) {
      for (const member of node.members) {
        if (member.name?.getText() !== 'observedAttributes') continue;
        const collect = (n) => {
          if (ts.isStringLiteralLike(n)) names.add(n.text);
          ts.forEachChild(n, collect);
        };
        collect(member);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return names;
}

const sourceOf = (path) => sources.get(path.replace(/^dist\//, 'src/').replace(/\.js$/, '.ts')) ?? '';

/** The classes an element's contract comes from: its own and each base class in the manifest. */
function chain(klass, module) {
  const out = [[klass, module]];
  let base = klass.superclass;
  while (base?.module) {
    const mod = manifest.modules.find((m) => m.path === base.module);
    const decl = mod?.declarations.find((d) => d.name === base.name);
    if (!decl) break;
    out.push([decl, mod]);
    base = decl.superclass;
  }
  return out;
}

describe('docs/reference (fix: node scripts/cem.mjs --docs)', () => {
  it('holds exactly the pages the manifest makes, word for word', () => {
    const committed = existsSync(REFERENCE) ? readdirSync(REFERENCE).filter((name) => name.endsWith('.md')).sort() : [];
    expect(committed).toEqual([...pages.keys()].sort());
    for (const [name, content] of pages) expect(readFileSync(join(REFERENCE, name), 'utf8'), name).toBe(content);
  });

  it('has a page for every tag a widget folder defines', () => {
    const defines = defineFiles();
    expect(defines.map((d) => d.folder)).toEqual(expect.arrayContaining(['comments', 'leaderboard', 'poll']));
    for (const define of defines) {
      expect(define.tags.length, `${define.path} registers no tag with customElements.define('…', …)`).toBeGreaterThan(0);
      for (const tag of define.tags) {
        expect(
          elements.find((e) => e.tagName === tag),
          `${define.path} registers <${tag}>, but the manifest has no class for it (does the class file exist and extend LitElement, CommunityWidget or HTMLElement?)`,
        ).toBeDefined();
        expect(pages.has(`${tag}.md`), `docs/reference/${tag}.md`).toBe(true);
      }
    }
  });
});

describe('docs/reference pictures (fix: npm run screenshot -- <widget>)', () => {
  it('links only screenshots that exist', () => {
    const missing = [];
    for (const [name, content] of pages) {
      for (const [, target] of content.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)) {
        if (!existsSync(join(REFERENCE, target))) missing.push(`${name} → ${target}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

/**
 * The errors of `value` against the custom elements manifest's JSON schema, which uses only
 * `type`, `$ref`, `required`, `properties`, `items`, `enum` and `anyOf`.
 */
function schemaErrors(schema, value, node = schema, at = '$') {
  if (node.$ref) return schemaErrors(schema, value, schema.definitions[node.$ref.replace('#/definitions/', '')], at);
  if (node.anyOf) {
    const tries = node.anyOf.map((option) => schemaErrors(schema, value, option, at));
    return tries.some((errors) => !errors.length) ? [] : tries.sort((a, b) => a.length - b.length)[0];
  }
  const type = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
  if (node.type && ![node.type].flat().includes(type) && !(node.type === 'integer' && Number.isInteger(value))) return [`${at}: ${type}, not ${node.type}`];
  if (node.enum && !node.enum.includes(value)) return [`${at}: ${JSON.stringify(value)} is not one of ${node.enum.join(', ')}`];
  const errors = [];
  if (type === 'object') {
    for (const key of node.required ?? []) if (!(key in value)) errors.push(`${at}: no ${key}`);
    for (const [key, inner] of Object.entries(node.properties ?? {})) if (key in value) errors.push(...schemaErrors(schema, value[key], inner, `${at}.${key}`));
  }
  if (type === 'array' && node.items) value.forEach((item, i) => errors.push(...schemaErrors(schema, item, node.items, `${at}[${i}]`)));
  return errors;
}

describe('custom-elements.json', () => {
  it('follows the custom elements manifest schema', () => {
    const schema = JSON.parse(readFileSync(new URL('../node_modules/custom-elements-manifest/schema.json', import.meta.url), 'utf8'));
    expect(manifest.schemaVersion).toBe('1.0.0');
    expect(schemaErrors(schema, manifest)).toEqual([]);
    expect(schemaErrors(schema, { schemaVersion: '1.0.0', modules: [{ kind: 'javascript-module', declarations: [{ kind: 'class' }] }] })).toEqual([
      '$.modules[0]: no path',
      '$.modules[0].declarations[0]: no name',
    ]);
  });

  it('documents only attributes the element observes, each with a description', () => {
    const problems = [];
    for (const { tagName, klass, module } of elements) {
      const observed = new Set(chain(klass, module).flatMap(([decl, mod]) => [...observedLiterals(sourceOf(mod.path), decl.name)]));
      for (const attr of klass.attributes ?? []) {
        // Lit observes an attribute for each `static properties` entry that has one (fieldName).
        if (!attr.fieldName && !observed.has(attr.name)) problems.push(`<${tagName}> documents @attr ${attr.name}, which it does not observe`);
        if (!attr.description?.trim()) problems.push(`<${tagName}> observes "${attr.name}" but its class JSDoc has no @attr ${attr.name} - …`);
      }
      for (const name of observed) {
        if (!(klass.attributes ?? []).some((a) => a.name === name)) problems.push(`<${tagName}> observes "${name}" but documents no @attr ${name}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('gives every element a summary, named events and the base part', () => {
    for (const { tagName, klass } of elements) {
      expect(klass.summary, `<${tagName}> has no @summary`).toBeTruthy();
      for (const event of klass.events ?? []) expect(event.name, `<${tagName}> fires an unnamed event`).toMatch(/^[a-z]+(-[a-z]+)+$/);
      expect((klass.cssParts ?? []).map((p) => p.name), `<${tagName}> documents no @csspart base`).toContain('base');
    }
  });

  it('points every path at the published dist/ modules', () => {
    for (const mod of manifest.modules) {
      expect(mod.path).toMatch(/^dist\/.+\.js$/);
      const file = mod.path.replace(/^dist\//, 'src/').replace(/\.js$/, '.ts');
      expect(existsSync(join(ELEMENTS, file)), file).toBe(true);
    }
  });
});

describe('the generator', () => {
  // A widget on the shared base, as the folders being written now will be.
  const base = sourceFiles().filter((f) => !/^src\/(comments|leaderboard|poll|feed|qa|feedback|count|member|moderation)\//.test(f.path));
  const fixture = analyze([
    ...base,
    {
      path: 'src/sample/sample.ts',
      source: `import { html } from 'lit';
import { CommunityWidget } from '../base/community-widget.js';
import { CommunityErrorEvent } from '../events/error-event.js';

/**
 * @summary A sample widget.
 *
 * More about it.
 *
 * @attr space - The space shown.
 * @fires {SampleEvent} community-sample - Something happened.
 * @slot empty - Shown when there is nothing.
 * @csspart base - The wrapper.
 * @cssprop --community-sample-accent - Accent.
 */
export class CommunitySample extends CommunityWidget {
  static override properties = { space: {}, pageSize: { type: Number }, busy: { state: true }, hidden2: { attribute: false } };
  /** The space. */
  space?: string;
  /** Page size. */
  pageSize = 10;
  busy = false;
  hidden2?: string;
  #secret = 1;
  /** Reloads. */
  reload(): void { this.dispatchEvent(new CommunityErrorEvent({} as never)); }
  protected clientChanged(): void {}
  protected problemMessage(): string { return ''; }
  override render() { return html\`<div part="base"></div>\`; }
}`,
    },
    {
      path: 'src/sample/define.ts',
      source: `import { CommunitySample } from './sample.js';
customElements.get('community-sample') ?? customElements.define('community-sample', CommunitySample);`,
    },
  ]);
  const sample = elementsOf(fixture).find((e) => e.tagName === 'community-sample');

  it('finds an element by its define.ts and inherits the base class contract', () => {
    expect(sample).toBeDefined();
    expect(sample.define.path).toBe('dist/sample/define.js');
    expect(sample.module.path).toBe('dist/sample/sample.js');
    const attrs = Object.fromEntries(sample.klass.attributes.map((a) => [a.name, a]));
    expect(Object.keys(attrs).sort()).toEqual(['adapter', 'endpoint', 'lang', 'loading', 'pagesize', 'space', 'theme']);
    expect(attrs.theme.inheritedFrom?.name).toBe('CommunityWidget');
    expect(attrs.theme.description).toMatch(/selector/); // the base's @attr text, not its field comment
    expect(attrs.space.description).toBe('The space shown.');
    expect(attrs.pagesize.fieldName).toBe('pageSize'); // Lit's default attribute is the lower-cased name
  });

  it('keeps state, private and attribute-less internals out of the attributes', () => {
    const names = sample.klass.members.map((m) => m.name);
    expect(names).not.toContain('#secret');
    expect(names).not.toContain('busy');
    expect(sample.klass.attributes.map((a) => a.name)).not.toContain('hidden2');
    expect(sample.klass.members.find((m) => m.name === 'hidden2')?.attribute).toBeUndefined();
  });

  it('names events found in code from their class and keeps the JSDoc ones first', () => {
    expect(sample.klass.events.map((e) => e.name)).toEqual(['community-sample', 'community-error']);
    expect(sample.klass.events[1].description).toMatch(/fails/);
    expect(sample.klass.summary).toBe('A sample widget.');
    expect(sample.klass.description).toBe('More about it.');
  });

  it('keeps JSDoc-only @prop members of a plain custom element, not what its constructor sets on other objects', () => {
    const plain = analyze([
      {
        path: 'src/plain/plain.ts',
        source: `/**
 * @summary Plain.
 * @prop {string} label - Documented only here.
 * @csspart base - The text.
 */
export class PlainEl extends HTMLElement {
  static observedAttributes = ['label'];
  readonly base: HTMLElement;
  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    root.innerHTML = '<span part="base"></span>';
    this.base = root.lastChild as HTMLElement;
  }
}`,
      },
      { path: 'src/plain/define.ts', source: `import { PlainEl } from './plain.js';\ncustomElements.define('plain-el', PlainEl);` },
    ]);
    const [element] = elementsOf(plain);
    expect(element.tagName).toBe('plain-el');
    expect(element.klass.members.map((m) => m.name).sort()).toEqual(['base', 'label']);
  });

  it('renders the tables of a page', () => {
    const page = renderDocs(fixture).get('community-sample.md');
    expect(page).toContain('# `<community-sample>`');
    // Not in the package's exports map: the page says where it is registered instead of an import.
    expect(page).toContain('registered by the widgets that use it (`dist/sample/define.js`)');
    for (const heading of ['## Attributes', '## Properties', '## Methods', '## Events', '## Slots', '## CSS parts', '## CSS custom properties']) {
      expect(page).toContain(heading);
    }
    expect(page).toContain('| `space` | `space` | `string` |  | The space shown. |');
    expect(page).toContain("| `loading` | `loading` | `'eager' \\| 'lazy'` | `'eager'` |");
    expect(page).toContain('| `reload()` | `void` | Reloads. |');
  });
});

// The custom elements manifest of @hearth/elements and the reference pages made from it.
//
//   node scripts/cem.mjs          writes packages/elements/custom-elements.json (the build does this)
//   node scripts/cem.mjs --docs   rewrites docs/reference/<tag>.md and docs/reference/README.md
//
// The manifest comes from @custom-elements-manifest/analyzer (with its Lit support) reading
// every module under packages/elements/src, so a widget's contract is its class JSDoc
// (@summary, @attr, @fires, @slot, @csspart, @cssprop) plus its Lit `static properties`, and
// what it inherits from `base/community-widget.ts`. Any class a `define.ts` registers is an
// element: a new widget folder shows up without touching this file. On top of the analyzer,
// `hearthPlugin` keeps the manifest to the public contract: Lit `state: true` fields are not
// attributes, Lit's default attribute names are lower case, the class JSDoc's `@attr` text
// wins over a field's comment, events dispatched as `new CommunityErrorEvent(…)` get their
// names from the event class, private members go, and paths point at the published `dist/`
// modules (the schema wants the JavaScript a page imports, not the TypeScript).
import { create, ts } from '@custom-elements-manifest/analyzer';
import { litPlugin } from '@custom-elements-manifest/analyzer/src/features/framework-plugins/lit/lit.js';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WIDGETS } from '../examples/gallery/widgets.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const ELEMENTS = join(ROOT, 'packages/elements');
export const MANIFEST = join(ELEMENTS, 'custom-elements.json');
export const REFERENCE = join(ROOT, 'docs/reference');

/** The source modules the analyzer reads: everything but tests, test support and declarations. */
export function sourceFiles(pkgDir = ELEMENTS) {
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        if (name !== 'test-support' && name !== 'node_modules') walk(path);
      } else if (/\.ts$/.test(name) && !/\.(test|d)\.ts$/.test(name) && name !== 'test-support.ts') {
        files.push({ path: relative(pkgDir, path).split('\\').join('/'), source: readFileSync(path, 'utf8') });
      }
    }
  };
  walk(join(pkgDir, 'src'));
  return files;
}

/** The `define.ts` files of the widget folders (`src/<folder>/define.ts`), with the tags each registers. */
export function defineFiles(pkgDir = ELEMENTS) {
  const src = join(pkgDir, 'src');
  return readdirSync(src)
    .filter((folder) => existsSync(join(src, folder, 'define.ts')))
    .sort()
    .map((folder) => {
      const source = readFileSync(join(src, folder, 'define.ts'), 'utf8');
      const tags = [...source.matchAll(/customElements\.define\(\s*['"]([a-z][a-z0-9]*-[a-z0-9-]*)['"]/g)].map((m) => m[1]);
      return { folder, path: `src/${folder}/define.ts`, tags: [...new Set(tags)] };
    });
}

const text = (comment) => (typeof comment === 'string' ? comment : Array.isArray(comment) ? comment.map((part) => part.text ?? '').join('') : '');

/** `@attr name - description` tags of a class's own JSDoc, by attribute name. */
function jsdocAttributes(node) {
  const out = new Map();
  for (const tag of ts.getJSDocTags(node)) {
    if (tag.tagName.text !== 'attr' && tag.tagName.text !== 'attribute') continue;
    const match = /^\s*(?:\{[^}]*\}\s*)?([\w-]+)\s*(?:-\s*)?([\s\S]*)$/.exec(text(tag.comment));
    if (match) out.set(match[1], match[2].trim());
  }
  return out;
}

/** The options object of each entry of a class's `static properties = { … }`. */
function staticProperties(node) {
  const out = new Map();
  for (const member of node.members ?? []) {
    const isStatic = ts.getModifiers?.(member)?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword);
    if (!isStatic || member.name?.getText() !== 'properties') continue;
    let init = member.initializer;
    if (!init && member.body) {
      const ret = member.body.statements.find((s) => s.kind === ts.SyntaxKind.ReturnStatement);
      init = ret?.expression;
    }
    while (init && (ts.isAsExpression?.(init) || ts.isSatisfiesExpression?.(init) || ts.isParenthesizedExpression(init))) init = init.expression;
    if (!init || !ts.isObjectLiteralExpression(init)) continue;
    for (const prop of init.properties) {
      if (!ts.isPropertyAssignment(prop)) continue;
      const options = {};
      if (ts.isObjectLiteralExpression(prop.initializer)) {
        for (const opt of prop.initializer.properties) {
          if (!ts.isPropertyAssignment(opt)) continue;
          const value = opt.initializer;
          options[opt.name.getText()] =
            value.kind === ts.SyntaxKind.TrueKeyword ? true : value.kind === ts.SyntaxKind.FalseKeyword ? false : ts.isStringLiteralLike(value) ? value.text : value.getText();
        }
      }
      out.set(prop.name.getText().replace(/^['"]|['"]$/g, ''), options);
    }
  }
  return out;
}

const classes = (manifest) => manifest.modules.flatMap((mod) => (mod.declarations ?? []).filter((d) => d.kind === 'class').map((d) => [mod, d]));

/** Where a module is published: `src/poll/poll.ts` → `dist/poll/poll.js`. */
export function publishedPath(path) {
  return path.replace(/^\/+/, '').replace(/^src\//, 'dist/').replace(/\.ts$/, '.js');
}

/** The analyzer plugin that keeps the manifest to Hearth's public contract (see the top of this file). */
export function hearthPlugin() {
  return {
    name: 'hearth-contract',
    analyzePhase({ node, moduleDoc }) {
      if (!ts.isClassDeclaration(node) || !node.name) return;
      const klass = moduleDoc.declarations?.find((d) => d.kind === 'class' && d.name === node.name.text);
      if (!klass) return;
      klass.attributes ??= [];
      klass.members ??= [];
      // The analyzer takes any `x.name = …` in the constructor for a field (`root.innerHTML = …`
      // in a plain custom element): keep the members the class declares or sets on `this`.
      const declared = new Set(node.members.map((m) => m.name?.getText()).filter(Boolean));
      for (const key of staticProperties(node).keys()) declared.add(key);
      for (const tag of ts.getJSDocTags(node)) {
        if (tag.tagName.text !== 'prop' && tag.tagName.text !== 'property') continue;
        const match = /^\s*(?:\{[^}]*\}\s*)?([\w$]+)/.exec(text(tag.comment));
        if (match) declared.add(match[1]);
      }
      const ctor = node.members.find((m) => ts.isConstructorDeclaration(m));
      const visit = (n) => {
        if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(n.left) && n.left.expression.kind === ts.SyntaxKind.ThisKeyword) {
          declared.add(n.left.name.getText());
        }
        ts.forEachChild(n, visit);
      };
      if (ctor) visit(ctor);
      klass.members = klass.members.filter((m) => declared.has(m.name));
      for (const [name, options] of staticProperties(node)) {
        const member = klass.members.find((m) => m.name === name && !m.static);
        const byField = (a) => a.fieldName === name;
        if (options.state === true || options.attribute === false) {
          klass.attributes = klass.attributes.filter((a) => !byField(a));
          if (member) {
            delete member.attribute;
            delete member.reflects;
            // Lit's internal reactive state is not part of the contract.
            if (options.state === true) member.privacy = member.privacy === 'protected' ? 'protected' : 'private';
          }
          continue;
        }
        // Lit observes the lower-cased property name unless `attribute` names one.
        const attribute = typeof options.attribute === 'string' ? options.attribute : name.toLowerCase();
        const attr = klass.attributes.find(byField);
        if (attr && attr.name !== attribute) {
          const documented = klass.attributes.find((a) => a.name === attribute && a !== attr);
          if (documented) {
            Object.assign(attr, { ...attr, ...documented, fieldName: name });
            klass.attributes = klass.attributes.filter((a) => a !== documented);
          }
          attr.name = attribute;
        }
        if (member && member.attribute) member.attribute = attribute;
      }
      // The class JSDoc is the public contract: its `@attr` text wins over a field's comment.
      for (const [name, description] of jsdocAttributes(node)) {
        const attr = klass.attributes.find((a) => a.name === name);
        if (attr && description) attr.description = description;
      }
    },
    packageLinkPhase({ customElementsManifest: manifest }) {
      // Event names from the event classes: `static readonly eventName = 'community-error'`.
      const eventNames = new Map();
      const eventDocs = new Map();
      for (const [, klass] of classes(manifest)) {
        const field = klass.members?.find((m) => m.static && m.name === 'eventName' && typeof m.default === 'string');
        if (field) eventNames.set(klass.name, field.default.replace(/^['"`]|['"`]$/g, ''));
        if (klass.description) eventDocs.set(klass.name, klass.description);
      }
      for (const [, klass] of classes(manifest)) {
        if (klass.events) {
          // Own `@fires` first (in the JSDoc's order), then dispatches found only in code, then
          // inherited events; the first entry of a name wins and later ones only fill its gaps.
          const rank = (e) => (e.inheritedFrom ? 3 : e.name && e.description ? 0 : e.name ? 1 : 2);
          const ordered = klass.events.map((e, i) => [e, i]).sort(([a, i], [b, j]) => rank(a) - rank(b) || i - j);
          const events = [];
          for (const [event] of ordered) {
            const name = event.name ?? eventNames.get(event.type?.text);
            if (!name) continue;
            const existing = events.find((e) => e.name === name);
            if (existing) {
              existing.description ||= event.description;
              existing.type ??= event.type;
              continue;
            }
            events.push({ ...event, name });
          }
          for (const event of events) if (!event.description && eventDocs.has(event.type?.text)) event.description = eventDocs.get(event.type.text);
          klass.events = events;
        }
        if (klass.members) klass.members = klass.members.filter((m) => m.privacy !== 'private' && !m.name.startsWith('#'));
        // `@summary` takes the paragraphs after it too: the first is the summary, the rest the description.
        if (klass.summary && !klass.description) {
          const [first, ...rest] = klass.summary.split(/\n\s*\n/);
          klass.summary = first.trim();
          if (rest.length) klass.description = rest.join('\n\n').trim();
        }
      }

      // Keep the modules an element needs: its class, its define module, and its base classes.
      const byName = new Map(classes(manifest).map(([mod, klass]) => [klass.name, mod]));
      const keep = new Set();
      for (const mod of manifest.modules) {
        if ((mod.exports ?? []).some((e) => e.kind === 'custom-element-definition')) keep.add(mod);
        for (const klass of mod.declarations ?? []) {
          if (klass.kind !== 'class' || !klass.tagName) continue;
          keep.add(mod);
          let base = klass.superclass;
          while (base && byName.has(base.name)) {
            const baseModule = byName.get(base.name);
            if (keep.has(baseModule) && baseModule !== mod) break;
            keep.add(baseModule);
            base = baseModule.declarations.find((d) => d.name === base.name)?.superclass;
          }
        }
      }
      manifest.modules = manifest.modules.filter((mod) => keep.has(mod)).sort((a, b) => a.path.localeCompare(b.path));
      const fix = (value) => {
        if (Array.isArray(value)) return value.forEach(fix);
        if (!value || typeof value !== 'object') return;
        for (const [key, inner] of Object.entries(value)) {
          if ((key === 'module' || key === 'path') && typeof inner === 'string') value[key] = publishedPath(inner);
          else fix(inner);
        }
      };
      fix(manifest.modules);
    },
  };
}

/** Analyzes `files` ({ path: 'src/…', source }) into a custom elements manifest. */
export function analyze(files = sourceFiles()) {
  const modules = files.map(({ path, source }) => ts.createSourceFile(path, source, ts.ScriptTarget.ES2022, true));
  const manifest = create({ modules, plugins: [...litPlugin(), hearthPlugin()], context: { dev: false } });
  return manifest;
}

/**
 * The manifest's public elements, by tag name: the classes a widget folder's `define.ts`
 * registers. Elements a widget defines for its own shadow root from their own module (a
 * composer, a popover card) stay in the manifest but get no page.
 */
export function elementsOf(manifest) {
  const out = [];
  for (const mod of manifest.modules) {
    for (const klass of mod.declarations ?? []) {
      if (klass.kind !== 'class' || !klass.tagName) continue;
      const define = manifest.modules.find(
        (m) => /^dist\/[^/]+\/define\.js$/.test(m.path) && (m.exports ?? []).some((e) => e.kind === 'custom-element-definition' && e.name === klass.tagName),
      );
      if (define) out.push({ tagName: klass.tagName, klass, module: mod, define });
    }
  }
  return out.sort((a, b) => a.tagName.localeCompare(b.tagName));
}

/** Writes packages/elements/custom-elements.json; returns the manifest. */
export function writeManifest(path = MANIFEST) {
  const manifest = analyze();
  writeFileSync(path, `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

// ---------------------------------------------------------------- reference pages

const GENERATED = '<!-- Generated by `node scripts/cem.mjs --docs` from custom-elements.json. Edit the class JSDoc, then regenerate. -->';

/** One table cell: one line, pipes escaped. */
function cell(value) {
  return String(value ?? '')
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|')
    .trim();
}

const code = (value) => (value ? `\`${String(value).replace(/\s*\n\s*/g, ' ').replace(/`/g, "'").trim()}\`` : '');
const typeText = (type) => (type?.text ? type.text.replace(/\s*\|\s*undefined\b/g, '').trim() : '');

function table(headers, rows) {
  if (!rows.length) return 'None.';
  return [`| ${headers.join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`)].join('\n');
}

/** The package subpath a page imports a module by, from the exports map (null when not exported). */
function importSpecifier(pkg, path) {
  for (const [subpath, target] of Object.entries(pkg.exports ?? {})) {
    const file = typeof target === 'string' ? target : target?.default;
    if (file && file.replace(/^\.\//, '') === path) return subpath === '.' ? pkg.name : `${pkg.name}/${subpath.replace(/^\.\//, '')}`;
  }
  return null;
}

/** The name of the manifest class an element builds on, when it is one of ours (CommunityWidget). */
function elementBase(klass) {
  return klass.superclass?.module ? klass.superclass.name : null;
}

/** `docs/reference/<tag>.md` for one element. */
export function renderElementPage(element, pkg) {
  const { tagName, klass, module, define } = element;
  const publicMembers = (klass.members ?? []).filter((m) => !m.static && (m.privacy ?? 'public') === 'public');
  const fields = publicMembers.filter((m) => m.kind === 'field');
  const methods = publicMembers.filter((m) => m.kind === 'method');
  const defineImport = define && importSpecifier(pkg, define.path);
  const classImport = importSpecifier(pkg, module.path);
  const lines = [GENERATED, '', `# \`<${tagName}>\``, ''];
  if (klass.summary) lines.push(klass.summary.replace(/\s*\n\s*/g, ' '), '');
  if (klass.description) lines.push(klass.description, '');
  const base = klass.superclass && elementBase(klass);
  if (base) lines.push(`Built on \`${base}\`, the base every widget shares; what it contributes is in the tables below.`, '');
  const shot = Object.entries(WIDGETS).find(([, w]) => w.tag === tagName)?.[0];
  if (shot) {
    lines.push(
      `![${tagName}, light, English](../screenshots/${shot}-light-en.png) ![${tagName}, dark, Simplified Chinese](../screenshots/${shot}-dark-zh-CN.png)`,
      '',
      `Pictured by \`npm run screenshot\` from \`examples/gallery/?widget=${shot}\`; every theme and language is in [docs/screenshots](../screenshots/).`,
      '',
    );
  }
  lines.push('```js');
  if (defineImport) lines.push(`import '${defineImport}'; // registers <${tagName}>`);
  lines.push(`import { ${klass.name} } from '${classImport ?? `${pkg.name}/${module.path}`}';`, '```', '');
  if (!defineImport) lines.push(`\`<${tagName}>\` is registered by the widgets that use it (\`${define.path}\`), not by an entry point of its own.`, '');

  lines.push('## Attributes', '');
  lines.push(
    table(
      ['Attribute', 'Property', 'Type', 'Default', 'Description'],
      (klass.attributes ?? []).map((a) => [code(a.name), code(a.fieldName), code(typeText(a.type)), code(a.default), a.description ?? '']),
    ),
    '',
  );
  lines.push('## Properties', '');
  lines.push(
    table(
      ['Property', 'Attribute', 'Type', 'Default', 'Description'],
      fields.map((m) => [code(m.name), code(m.attribute) + (m.reflects ? ' (reflected)' : ''), code(typeText(m.type)), code(m.default), (m.readonly ? 'Read-only. ' : '') + (m.description ?? '')]),
    ),
    '',
  );
  if (methods.length) {
    lines.push('## Methods', '');
    lines.push(
      table(
        ['Method', 'Returns', 'Description'],
        methods.map((m) => [code(`${m.name}(${(m.parameters ?? []).map((p) => p.name).join(', ')})`), code(typeText(m.return?.type)), m.description ?? '']),
      ),
      '',
    );
  }
  lines.push('## Events', '');
  lines.push(table(['Event', 'Type', 'Description'], (klass.events ?? []).map((e) => [code(e.name), code(typeText(e.type)), e.description ?? ''])), '');
  lines.push('## Slots', '');
  lines.push(table(['Slot', 'Description'], (klass.slots ?? []).map((s) => [s.name ? code(s.name) : '(default)', s.description ?? ''])), '');
  lines.push('## CSS parts', '');
  lines.push(table(['Part', 'Description'], (klass.cssParts ?? []).map((p) => [code(p.name), p.description ?? ''])), '');
  lines.push('## CSS custom properties', '');
  lines.push(table(['Property', 'Description'], (klass.cssProperties ?? []).map((p) => [code(p.name), p.description ?? ''])), '');
  return `${lines.join('\n').trimEnd()}\n`;
}

/** `docs/reference/README.md`: the index. */
export function renderIndex(elements) {
  return `${[
    GENERATED,
    '',
    '# Element reference',
    '',
    'One page per element of `@hearth/elements`, generated from the custom elements manifest',
    '(`packages/elements/custom-elements.json`, written by the package build) that the analyzer',
    "reads from each class's JSDoc. Regenerate with `node scripts/cem.mjs --docs`; a test fails",
    'while these pages and the manifest disagree.',
    '',
    table(
      ['Element', 'Summary'],
      elements.map((e) => [`[\`<${e.tagName}>\`](./${e.tagName}.md)`, e.klass.summary ?? '']),
    ),
  ].join('\n')}\n`;
}

/** Every reference page, by file name, for `manifest`. */
export function renderDocs(manifest, pkg = JSON.parse(readFileSync(join(ELEMENTS, 'package.json'), 'utf8'))) {
  const elements = elementsOf(manifest);
  const pages = new Map([['README.md', renderIndex(elements)]]);
  for (const element of elements) pages.set(`${element.tagName}.md`, renderElementPage(element, pkg));
  return pages;
}

/** Rewrites docs/reference: every page for the manifest, and no page for an element that is gone. */
export function writeDocs(manifest = analyze(), dir = REFERENCE) {
  const pages = renderDocs(manifest);
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(dir)) if (name.endsWith('.md') && !pages.has(name)) rmSync(join(dir, name));
  for (const [name, content] of pages) writeFileSync(join(dir, name), content);
  return pages;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes('--docs')) {
    const pages = writeDocs();
    console.log(`wrote ${pages.size} pages to ${relative(ROOT, REFERENCE)}/`);
  } else {
    const manifest = writeManifest();
    console.log(`wrote ${relative(ROOT, MANIFEST)} (${elementsOf(manifest).length} elements)`);
  }
}

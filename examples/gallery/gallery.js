// The gallery: one widget per page on the memory backend, seeded in the page's language.
// `?widget=poll&theme=dark&lang=zh-CN`. When the widget's content is on screen (or it is
// clear it will not be), <html> gets data-state="ready" | "missing" | "error" and, when
// there is something to say, data-note — which `npm run screenshot` waits for and prints.
// Kept out of the HTML so the page runs under a CSP with no inline script.
import { configure } from '/cdn/hearth.js';
import { galleryMembers, gallerySeed, galleryViewer } from './seed.js';
import { LANGS, THEMES, WIDGETS } from './widgets.js';

const params = new URLSearchParams(location.search);
const name = params.get('widget');
const theme = params.get('theme') === 'dark' ? 'dark' : 'light';
const lang = params.get('lang') || 'en';
const root = document.documentElement;
root.lang = lang;
root.dataset.theme = theme;

const stage = document.getElementById('stage');
const status = document.getElementById('status');

function finish(state, note = '') {
  if (note) root.dataset.note = note;
  root.dataset.state = state;
  if (state !== 'ready') status.textContent = note;
}

// Words around the inline elements, in the page's language.
const words = {
  en: { article: 'Shipping our first community', by: 'by', posted: 'Posted by', post: 'How we theme Hearth with our brand colours' },
  'zh-CN': { article: '发布我们的第一个社区', by: '作者', posted: '发布者', post: '我们如何用品牌色给 Hearth 换肤' },
};
const say = words[lang] ?? words.en;

/** The first element matching `selector` in `host`, its shadow root, or any shadow root below. */
function deepQuery(host, selector) {
  const roots = [host.shadowRoot, host].filter(Boolean);
  while (roots.length) {
    const scope = roots.shift();
    const found = scope.querySelector(selector);
    if (found) return found;
    for (const el of scope.querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
  }
  return null;
}

const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));

/** Waits (frame by frame, up to `timeout`) for `selector` to appear with nothing still loading. */
async function settle(el, selector, timeout = 15000) {
  await el.updateComplete;
  const start = performance.now();
  for (;;) {
    const content = !selector || deepQuery(el, selector);
    const busy = deepQuery(el, '[aria-busy="true"], .skeleton');
    if (content && !busy) return '';
    if (performance.now() - start > timeout) {
      if (content) return 'still loading when the time ran out';
      return busy ? 'error' : `rendered, but nothing matched ${selector}`;
    }
    await frame();
  }
}

/**
 * Elements that take objects (the member chip, the content menu) are given the page's
 * client by the widget that renders them. Here no widget does, so the gallery borrows the
 * shared memory client from a hidden leaderboard (every widget on a page shares one).
 */
async function sharedClient() {
  const donor = document.createElement('community-leaderboard');
  donor.hidden = true;
  document.body.append(donor);
  await donor.updateComplete;
  const client = donor.resolvedClient;
  donor.remove();
  if (!client) throw new Error('The memory client could not be found.');
  return client;
}

async function setProps(el, props, members) {
  const client = await sharedClient();
  el.client = client;
  for (const [prop, value] of Object.entries(props)) {
    if (value === 'author') el[prop] = members['gallery-priya'];
    else if (value === 'post') {
      const page = await client.adapter.feed.listPosts({ space: 'general' }, { viewer: client.viewer });
      const post = page.items.find((p) => p.author?.id === 'gallery-priya') ?? page.items[0];
      el.target = { type: 'post', id: post.id };
      el.author = post.author;
      el.state = { status: post.status, pinned: post.pinned, locked: post.locked, featured: post.featured };
    } else el[prop] = value;
  }
}

function index() {
  document.title = 'Hearth — widget gallery';
  const list = document.createElement('ul');
  list.className = 'index';
  for (const [key, widget] of Object.entries(WIDGETS)) {
    const item = document.createElement('li');
    item.append(`${key} `);
    const code = document.createElement('code');
    code.textContent = `<${widget.tag}>`;
    item.append(code, ': ');
    for (const t of THEMES) {
      for (const l of LANGS) {
        const link = document.createElement('a');
        link.href = `?widget=${key}&theme=${t}&lang=${l}`;
        link.textContent = `${t} ${l}`;
        item.append(link, ' ');
      }
    }
    list.append(item);
  }
  const heading = document.createElement('h1');
  heading.textContent = 'Widget gallery';
  stage.append(heading, list);
  finish('ready');
}

async function show(key) {
  const widget = WIDGETS[key];
  if (!widget) return finish('error', `No widget "${key}" in examples/gallery/widgets.js.`);
  if (!customElements.get(widget.tag)) {
    return finish('missing', `<${widget.tag}> is not registered by the CDN bundle (packages/elements/src/hearth.ts does not import it).`);
  }
  document.title = `Hearth — <${widget.tag}> (${theme}, ${lang})`;
  if (widget.width) stage.style.setProperty('--stage-width', `${widget.width}px`);
  if (widget.height) stage.style.minHeight = `${widget.height}px`;

  const viewer = galleryViewer(lang, widget.viewer);
  configure({ adapter: 'memory', memory: { seed: gallerySeed(lang), persist: false }, viewer });

  const el = document.createElement(widget.tag);
  for (const [attr, value] of Object.entries(widget.attrs ?? {})) el.setAttribute(attr, value);
  el.setAttribute('theme', theme);
  const members = galleryMembers(lang);
  if (widget.props) await setProps(el, widget.props, members);
  if (widget.stage) {
    stage.classList.add('context');
    stage.dataset.widget = key;
    const heading = document.createElement('h2');
    const line = document.createElement('p');
    if (key === 'count') {
      heading.textContent = say.article;
      line.append(`${say.by} ${members['gallery-maya'].displayName} · `, el);
    } else if (key === 'member') {
      heading.textContent = say.post;
      line.append(say.posted, ' ', el);
    } else {
      heading.textContent = say.post;
      line.append(`${say.by} ${members['gallery-priya'].displayName}`, el);
    }
    stage.append(heading, line);
  } else {
    stage.append(el);
  }

  let problem = await settle(el, widget.ready);
  if (!problem && widget.open) {
    deepQuery(el, widget.open)?.click();
    problem = await settle(el, widget.opened);
  }
  await document.fonts.ready;
  await frame();
  await frame();
  if (problem === 'error') return finish('error', `<${widget.tag}> never finished loading.`);
  // A widget showing its error state is a broken gallery (a seed that failed), not a picture.
  const failed = deepQuery(el, '[part~="error"]');
  if (failed?.textContent.trim()) return finish('error', `<${widget.tag}> shows an error: ${failed.textContent.trim().replace(/\s+/g, ' ')}`);
  finish('ready', problem);
}

if (name) show(name).catch((error) => finish('error', String(error?.stack ?? error)));
else index();

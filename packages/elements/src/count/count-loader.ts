// Loaded on the first badge's connect: resolves the client as every widget does, follows
// each badge's thread through threadCountStore, and writes the text in the badge's language.
import { threadCountStore, type CommunityClient, type LoadStore, type ThreadCountState } from '@hearth/client';
import { HearthError, type Thread } from '@hearth/protocol';
import { onPageConfigChange } from '../config/configure.js';
import { resolveClient } from '../config/resolve-client.js';
import { CommunityErrorEvent } from '../events/error-event.js';
import { observeLang } from '../i18n/lang-observer.js';
import { langOf, matchLocale, type Locale } from '../i18n/locale.js';
import type { CommunityCount } from './count.js';

type Problem = 'configMissing' | 'configLoadFailed' | 'loadError';

// `|` separates the singular from the plural, picked with Intl.PluralRules.
const STRINGS: Record<Locale, Record<'label' | Problem, string>> = {
  en: {
    label: '{n} comment|{n} comments',
    configMissing: 'Comment count unavailable: no community backend is configured.',
    configLoadFailed: 'Comment count unavailable: the in-browser community store could not be loaded.',
    loadError: 'Comment count unavailable:',
  },
  'zh-CN': {
    label: '{n} 条评论',
    configMissing: '评论数不可用：尚未配置社区后端。',
    configLoadFailed: '评论数不可用：无法加载浏览器内的社区存储。',
    loadError: '评论数不可用：',
  },
  'zh-TW': {
    label: '{n} 則留言',
    configMissing: '留言數無法使用：尚未設定社群後端。',
    configLoadFailed: '留言數無法使用：無法載入瀏覽器內的社群儲存。',
    loadError: '留言數無法使用：',
  },
};

/** One connected badge: what it follows and how to let go of it. */
class Binding {
  readonly #el: CommunityCount;
  #client: CommunityClient | null = null;
  #key: string | null = null;
  #store: LoadStore<Thread> | null = null;
  #stopStore: (() => void) | null = null;
  #problem: Problem | null = null;
  #token = 0;
  #reported = new WeakSet<object>();
  readonly #stop: Array<() => void>;

  constructor(el: CommunityCount) {
    this.#el = el;
    this.#stop = [observeLang(() => this.render()), onPageConfigChange(() => this.update())];
  }

  /** Follows the badge's current client and thread. */
  update(): void {
    const el = this.#el;
    const token = ++this.#token;
    const resolution = resolveClient({ client: el.client, adapter: el.getAttribute('adapter'), endpoint: el.getAttribute('endpoint') });
    if (typeof resolution === 'string') return this.#use(null, resolution);
    if (resolution instanceof Promise) {
      resolution.then(
        (client) => token === this.#token && this.#use(client, null),
        () => token === this.#token && this.#use(null, 'configLoadFailed'),
      );
    } else this.#use(resolution, null);
  }

  #use(client: CommunityClient | null, problem: Problem | null): void {
    this.#problem = problem;
    const key = this.#el.getAttribute('thread')?.trim() || location.pathname;
    if (client !== this.#client || key !== this.#key) {
      this.#stopStore?.();
      this.#client = client;
      this.#key = key;
      this.#store = client ? threadCountStore(client, key) : null;
      this.#stopStore = this.#store?.subscribe(() => this.render()) ?? null;
    }
    this.render();
  }

  /** Writes the text for the current state and language. */
  render(): void {
    const el = this.#el;
    const base = el.base;
    const locale = matchLocale(langOf(el));
    const strings = STRINGS[locale];
    const state: ThreadCountState | undefined = this.#store?.getSnapshot();
    const count = state?.data?.commentCount;
    if (this.#problem || (state?.status === 'error' && count === undefined)) {
      const error = state?.error;
      const reason = this.#problem ? strings[this.#problem] : `${strings.loadError} ${error?.message ?? ''}`.trim();
      base.title = reason;
      base.replaceChildren('—', hidden(reason));
      this.#report(this.#problem ? (this.#configError ??= new HearthError('unavailable', STRINGS.en[this.#problem])) : error, this.#problem ? 'config' : 'load');
      return;
    }
    this.#configError = undefined;
    base.removeAttribute('title');
    if (count === undefined) {
      base.setAttribute('aria-busy', 'true');
      base.replaceChildren();
      return;
    }
    base.removeAttribute('aria-busy');
    const number = new Intl.NumberFormat(locale).format(count);
    const forms = strings.label.split('|');
    const label = (forms.length > 1 && new Intl.PluralRules(locale).select(count) !== 'one' ? forms[1]! : forms[0]!).replace('{n}', number);
    if (el.getAttribute('format') === 'number') base.replaceChildren(number, hidden(label.replace(number, '')));
    else base.replaceChildren(label);
  }

  #configError: HearthError | undefined;

  #report(error: HearthError | null | undefined, action: 'config' | 'load'): void {
    if (!error || this.#reported.has(error)) return;
    this.#reported.add(error);
    this.#el.dispatchEvent(new CommunityErrorEvent({ error, action }));
  }

  /** Lets go of the store, realtime and the page watchers. */
  destroy(): void {
    this.#token++;
    this.#stopStore?.();
    this.#stopStore = null;
    this.#store = null;
    this.#client = null;
    this.#key = null;
    for (const stop of this.#stop.splice(0)) stop();
  }
}

const bindings = new WeakMap<CommunityCount, Binding>();

/** Brings `el` in step with its attributes and connection: follows its thread while connected, nothing after. */
export function sync(el: CommunityCount): void {
  let binding = bindings.get(el);
  if (!el.isConnected) {
    binding?.destroy();
    bindings.delete(el);
    return;
  }
  if (!binding) bindings.set(el, (binding = new Binding(el)));
  binding.update();
}

function hidden(text: string): HTMLElement {
  const span = document.createElement('span');
  span.className = 'vh';
  span.textContent = text;
  return span;
}

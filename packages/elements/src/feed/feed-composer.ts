// The feed's composer, downloaded the first time a reader focuses or clicks "Start a post…".
// An element of its own inside the feed's shadow root: the feed's private tokens (--_accent …)
// inherit into it, and its events cross into the feed and on to the page retargeted to it.
import { css, html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import {
  communityInfoStore,
  createFeedPost,
  createIdempotencyKey,
  topicsStore,
  type CommunityClient,
  type CommunityInfoState,
  type LoadState,
} from '@hearth/client';
import { allows, FEED_LIMITS, HearthError, type MemberProfile, type PostKind, type ProfileField, type Role, type TopicCount } from '@hearth/protocol';
import { StoreController } from '../controllers/store-controller.js';
import { CommunityErrorEvent } from '../events/error-event.js';
import { renderMarkdown } from '../markdown/markdown.js';
import { markdownStyles } from '../markdown/markdown.styles.js';
import { baseStyles } from '../styles/base.styles.js';
import { CommunityBeforeFeedPostEvent, CommunityFeedPostEvent } from './feed-events.js';
import type { FeedHost } from './feed-host.js';
import { composerEn } from './messages-composer.js';
import { addEnglish, type FeedText } from './messages.js';

addEnglish(composerEn);

const LIST_FIELDS: readonly ProfileField[] = ['expertise', 'interests'];

const split = (value: string): string[] =>
  value
    .split(/[,，、]/)
    .map((part) => part.trim())
    .filter(Boolean);

/**
 * The composer form of `<community-feed>`: kind (announcement for staff), title, Markdown
 * body, topics with suggestions, the onboarding profile when the community asks for it, and
 * the community rules. Internal: the feed renders it; it is not public API.
 */
export class FeedComposer extends LitElement {
  static override styles = [
    baseStyles,
    markdownStyles,
    css`
      form {
        display: grid;
        gap: 0.6em;
        padding: 0.75em 1em;
        margin-block-end: 0.75em;
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        background: var(--_raised);
      }
      h3 {
        margin: 0;
        font-size: 1.05em;
      }
      label,
      legend {
        font-weight: 600;
        font-size: 0.9em;
      }
      .field {
        display: grid;
        gap: 0.25em;
      }
      input,
      select,
      textarea {
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        padding: 0.4em 0.6em;
        background: var(--_surface);
      }
      textarea {
        min-height: 6em;
        resize: vertical;
      }
      fieldset {
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        display: grid;
        gap: 0.5em;
      }
      .hint {
        color: var(--_muted);
        font-size: 0.85em;
        margin: 0;
      }
      .suggestions,
      .buttons {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4em;
        align-items: center;
      }
      button {
        border-radius: var(--_radius);
        padding: 0.3em 0.8em;
        border: 1px solid var(--_border);
        background: var(--_surface);
      }
      .suggestions button {
        border-radius: 999px;
        font-size: 0.85em;
      }
      [part~='submit'] {
        background: var(--_accent);
        color: var(--_on-accent);
        border-color: var(--_accent);
      }
      [aria-invalid='true'] {
        border-color: var(--_danger);
      }
      .error {
        color: var(--_danger);
        margin: 0;
      }
      /* The Markdown styles' colours are light-only; follow the widget's palette. */
      .markdown a {
        color: var(--_accent);
      }
      .markdown :is(code, pre) {
        background: var(--community-color-code-bg, light-dark(#f3f4f6, #0b1220));
        color: inherit;
      }
    `,
  ];

  static override properties = {
    client: { attribute: false },
    space: { attribute: false },
    text: { attribute: false },
    viewerRole: { attribute: false },
    kind: { state: true },
    busy: { state: true },
    error: { state: true },
    issues: { state: true },
    ask: { state: true },
    typed: { state: true },
  };

  /** The feed's client. */
  client: CommunityClient | null = null;
  /** The space posts go to. */
  space = 'general';
  /** The feed's strings. */
  text!: FeedText;
  /** The viewer's role (staff may announce). */
  viewerRole: Role = 'member';

  private kind: PostKind = 'discussion';
  private busy = false;
  private error = '';
  /** Field issues from the last refusal, by path (`title`, `body`, `topics`, `profile.headline` …). */
  private issues: Record<string, string> = {};
  /** Profile fields the engine asked for on this first post. */
  private ask: ProfileField[] = [];
  private typed = '';

  readonly #info = new StoreController<CommunityInfoState>(this);
  readonly #suggestions = new StoreController<LoadState<TopicCount[]>>(this);
  #infoStore: ReturnType<typeof communityInfoStore> | null = null;
  #for: unknown[] = [];
  // One key per draft: a resend after a failure cannot post twice.
  #key = createIdempotencyKey();

  protected override willUpdate(changed: PropertyValues<this>): void {
    const client = this.client;
    if (client !== this.#for[0]) this.#info.setStore((this.#infoStore = client ? communityInfoStore(client) : null));
    if (client !== this.#for[0] || this.space !== this.#for[1] || this.typed !== this.#for[2]) {
      this.#suggestions.setStore(client ? topicsStore(client, { space: this.space, prefix: this.typed || undefined, limit: 6 }) : null);
    }
    this.#for = [client, this.space, this.typed];
    super.willUpdate(changed);
  }

  protected override firstUpdated(): void {
    this.renderRoot.querySelector<HTMLElement>('#title')?.focus();
  }

  #field<T extends HTMLElement = HTMLInputElement>(id: string): T {
    return this.renderRoot.querySelector<T>(`#${id}`)!;
  }

  /** The profile fields to show: those the community wants while the viewer owes them, and those a refusal named. */
  get #profileFields(): ProfileField[] {
    const info = this.#info.value?.data;
    const wanted = info?.needsOnboarding ? info.onboardingFields : [];
    return [...new Set([...wanted, ...this.ask])];
  }

  #topics(): string[] {
    return split(this.#field('topics').value);
  }

  #onTopicsInput = (): void => {
    const parts = this.#field('topics').value.split(/[,，、]/);
    this.typed = (parts[parts.length - 1] ?? '').trim().replace(/^[#＃]/, '');
  };

  #addTopic(topic: string): void {
    const input = this.#field('topics');
    const topics = this.#topics().filter((t) => t.replace(/^[#＃]/, '').toLowerCase() !== this.typed.toLowerCase() || !this.typed);
    if (!topics.includes(topic)) topics.push(topic);
    input.value = `${topics.join(', ')}, `;
    this.typed = '';
    input.focus();
  }

  #cancel = (): void => {
    this.dispatchEvent(new Event('feed-composer-close'));
  };

  #submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    const client = this.client;
    if (!client || this.busy) return;
    const t = this.text;
    const title = this.#field('title').value.trim();
    const body = this.#field<HTMLTextAreaElement>('body').value;
    const topics = this.#topics();
    const kind = this.kind;
    const issues: Record<string, string> = {};
    if (kind === 'question' && !title) issues.title = t.t('titleRequired');
    if (!body.trim()) issues.body = t.t('bodyRequired');
    this.issues = issues;
    if (Object.keys(issues).length) {
      this.error = t.t('postError');
      this.#focusInvalid();
      return;
    }
    let profile: MemberProfile | null = null;
    const fields = this.#profileFields;
    if (fields.length) {
      const values: Record<string, string | string[]> = {};
      for (const field of fields) {
        const value = this.#field(`profile-${field}`).value.trim();
        if (value) values[field] = LIST_FIELDS.includes(field) ? split(value) : value;
      }
      profile = values as MemberProfile;
    }
    const detail = { space: this.space, kind, title: title || null, body, topics, profile };
    if (!this.dispatchEvent(new CommunityBeforeFeedPostEvent(detail))) return;
    this.busy = true;
    this.error = '';
    try {
      const post = await createFeedPost(client, {
        space: this.space,
        kind,
        title: title || null,
        body,
        topics,
        ...(profile && { profile }),
        idempotencyKey: this.#key,
      });
      this.#key = createIdempotencyKey();
      this.ask = [];
      // needsOnboarding is settled now.
      void this.#infoStore?.refetch();
      this.dispatchEvent(new CommunityFeedPostEvent({ post }));
    } catch (caught) {
      const error = HearthError.is(caught) ? caught : new HearthError('internal', String(caught));
      const named: Record<string, string> = {};
      const ask: ProfileField[] = [];
      for (const issue of error.details.issues ?? []) {
        const [head, field] = issue.path.split('.');
        if (head === 'profile' && field) ask.push(field as ProfileField);
        named[head === 'profile' ? `profile-${field}` : head!] ??= issue.message;
      }
      this.issues = named;
      if (ask.length) this.ask = [...new Set([...this.ask, ...ask])];
      this.error = `${t.t('postError')} ${error.message}`;
      this.dispatchEvent(new CommunityErrorEvent({ error, action: 'create' }));
      this.#focusInvalid();
    } finally {
      this.busy = false;
    }
  };

  #focusInvalid(): void {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  }

  #described(id: string, hint?: string): { invalid: 'true' | 'false'; describedby: string } {
    const ids = [hint, this.issues[id] ? `${id}-error` : ''].filter(Boolean).join(' ');
    return { invalid: this.issues[id] ? 'true' : 'false', describedby: ids };
  }

  #issue(id: string): TemplateResult | typeof nothing {
    return this.issues[id] ? html`<p class="error" id=${`${id}-error`}>${this.issues[id]}</p>` : nothing;
  }

  protected override render(): TemplateResult {
    const t = this.text;
    const kinds: PostKind[] = ['discussion', 'question', ...(allows(this.viewerRole, 'announce') ? (['announcement'] as const) : [])];
    const info = this.#info.value?.data;
    const suggestions = (this.#suggestions.value?.data ?? []).map((entry) => entry.topic);
    const title = this.#described('title');
    const body = this.#described('body');
    const topics = this.#described('topics', 'topics-hint');
    const fields = this.#profileFields;
    return html`<form
      part="composer"
      aria-labelledby="composer-heading"
      novalidate
      @submit=${this.#submit}
      @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && !this.busy && this.#cancel()}
    >
      <h3 id="composer-heading">${t.t('newPost')}</h3>
      <div class="field">
        <label for="kind">${t.t('kind')}</label>
        <select id="kind" @change=${(e: Event) => (this.kind = (e.target as HTMLSelectElement).value as PostKind)}>
          ${kinds.map((kind) => html`<option value=${kind} ?selected=${kind === this.kind}>${t.t(`kind_${kind}`)}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="title">${this.kind === 'question' ? t.t('title') : t.t('titleOptional')}</label>
        <input id="title" maxlength=${FEED_LIMITS.titleMaxLength} ?required=${this.kind === 'question'} aria-invalid=${title.invalid} aria-describedby=${title.describedby} />
        ${this.#issue('title')}
      </div>
      <div class="field">
        <label for="body">${t.t('body')}</label>
        <textarea id="body" required aria-invalid=${body.invalid} aria-describedby=${body.describedby}></textarea>
        ${this.#issue('body')}
      </div>
      <div class="field">
        <label for="topics">${t.t('topicsField')}</label>
        <input id="topics" autocomplete="off" aria-invalid=${topics.invalid} aria-describedby=${topics.describedby} @input=${this.#onTopicsInput} />
        <p class="hint" id="topics-hint">${t.t('topicsHint')}</p>
        ${this.#issue('topics')}
        ${suggestions.length
          ? html`<div class="suggestions" role="group" aria-label=${t.t('suggested')}>
              ${suggestions.map(
                (topic) => html`<button type="button" part="topic-suggestion" aria-label=${t.t('addTopic', { topic })} @click=${() => this.#addTopic(topic)}>#${topic}</button>`,
              )}
            </div>`
          : nothing}
      </div>
      ${fields.length
        ? html`<fieldset part="profile">
            <legend>${t.t('profile')}</legend>
            <p class="hint">${t.t('profileHint')}</p>
            ${fields.map((field) => {
              const id = `profile-${field}`;
              const described = this.#described(id);
              return html`<div class="field">
                <label for=${id}>${t.t(`profile_${field}`)}</label>
                <input id=${id} aria-invalid=${described.invalid} aria-describedby=${described.describedby} />
                ${this.#issue(id)}
              </div>`;
            })}
          </fieldset>`
        : nothing}
      ${info?.rulesText.trim()
        ? html`<details part="rules">
            <summary>${t.t('rules')}</summary>
            ${renderMarkdown(info.rulesText)}
          </details>
          <p class="hint">${t.t('rulesHint')}</p>`
        : nothing}
      <div role="alert">${this.error ? html`<p class="error" part="error">${this.error}</p>` : nothing}</div>
      <div class="buttons">
        <button type="submit" part="submit" ?disabled=${this.busy} aria-busy=${this.busy ? 'true' : 'false'}>${this.busy ? t.t('posting') : t.t('submit')}</button>
        <button type="button" @click=${this.#cancel}>${t.t('cancel')}</button>
      </div>
    </form>`;
  }
}

/**
 * The open composer as the feed shows it. Closing gives focus back to "Start a post…"; a post
 * the backend took closes it, is announced, and takes focus in the list.
 */
export function renderComposer(host: FeedHost): TemplateResult {
  const close = () => {
    host.close();
    focus(host, '[part~="composer-open"]');
  };
  // Only the composer's own community-post arrives here, not a reply thread's.
  const posted = ({ detail: { post } }: CommunityFeedPostEvent) => {
    host.close();
    host.announce(host.text.t(post.status === 'published' ? 'posted' : 'postHeld'));
    focus(host, `#post-${CSS.escape(post.id)}`);
  };
  return html`<community-feed-composer
    part="composer"
    .client=${host.client}
    .space=${host.space}
    .text=${host.text}
    .viewerRole=${host.session?.viewer?.role ?? 'member'}
    @feed-composer-close=${close}
    @community-post=${posted}
  ></community-feed-composer>`;
}

/** Focuses what `selector` finds in the feed once it has rendered (feed-actions.ts has its own copy, so neither part downloads the other). */
function focus({ feed }: FeedHost, selector: string): void {
  void feed.updateComplete.then(() => feed.renderRoot.querySelector<HTMLElement>(selector)?.focus());
}

customElements.get('community-feed-composer') ?? customElements.define('community-feed-composer', FeedComposer);

declare global {
  interface HTMLElementTagNameMap {
    'community-feed-composer': FeedComposer;
  }
}

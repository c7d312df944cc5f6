import { css, html, nothing, type TemplateResult } from 'lit';
import { banMember, moderateContent, moderationOffer, muteMember, reportContent, type ModerationOffer } from '@hearth/client';
import { HearthError, type MemberCard, type ModerationAction, type ReportReason } from '@hearth/protocol';
import { CommunityErrorEvent, type CommunityErrorAction } from '../events/error-event.js';
import type { MenuHost } from './content-menu.js';
import { menuText, type MenuMessages, type MenuText } from './messages.js';
import { CommunityModerateEvent, CommunityReportEvent } from './moderation-events.js';

// protocol's REPORT_REASONS, in its order; spelled out because that list sits beside the zod
// schemas (the `satisfies` keeps it to the protocol's reasons; content-menu.test.ts checks all five).
const REASONS = ['spam', 'ad', 'abuse', 'off_topic', 'other'] as const satisfies readonly ReportReason[];

const DAY = 86_400_000;
// "Permanently" is the longest the protocol allows, 100 years.
const FOREVER = 100 * 365 * DAY;
const DURATIONS: ReadonlyArray<readonly [ms: number, key: keyof MenuMessages]> = [
  [DAY, 'day1'],
  [7 * DAY, 'day7'],
  [30 * DAY, 'day30'],
  [FOREVER, 'forever'],
];

type View = 'menu' | 'report' | 'reported' | 'delete' | 'mute' | 'ban';

/** The panel's styles, adopted into the menu's shadow root when it loads. */
export const panelStyles = css`
  .panel {
    position: absolute;
    inset-block-start: calc(100% + 0.25rem);
    inset-inline-end: 0;
    z-index: 10;
    /* The menu stays a compact list; its forms get room for their labels (see .form-panel). */
    min-inline-size: 12rem;
    max-inline-size: min(26rem, calc(100vw - 2rem));
    padding: 0.25rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_raised);
    color: var(--_text);
    box-shadow: 0 0.5rem 1.5rem rgb(0 0 0 / 0.15);
    text-align: start;
  }
  .form-panel {
    min-inline-size: min(22rem, calc(100vw - 2rem));
  }
  [role='menu'] {
    display: grid;
  }
  [role='menuitem'] {
    padding: 0.4rem 0.75rem;
    border: 0;
    border-radius: calc(var(--_radius) / 2);
    background: none;
    color: inherit;
    font: inherit;
    text-align: start;
    cursor: pointer;
  }
  [role='menuitem']:hover,
  [role='menuitem']:focus {
    background: var(--_surface);
  }
  .danger-item {
    color: var(--_danger);
  }
  form,
  .box {
    display: grid;
    gap: 0.5rem;
    padding: 0.5rem;
  }
  h3 {
    margin: 0;
    font-size: 1em;
  }
  p {
    margin: 0;
  }
  fieldset {
    margin: 0;
    padding: 0;
    border: 0;
    display: grid;
    gap: 0.15rem;
  }
  legend {
    padding: 0;
    margin-block-end: 0.25rem;
  }
  .hint {
    color: var(--_muted);
    font-size: 0.875em;
  }
  textarea {
    min-block-size: 3.5rem;
    padding: 0.4rem;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
    background: var(--_surface);
    color: inherit;
    font: inherit;
    resize: vertical;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  .row button {
    padding: 0.35rem 0.8rem;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
    background: var(--_surface);
    color: inherit;
    font: inherit;
    cursor: pointer;
  }
  .row .primary {
    border-color: var(--_accent);
    background: var(--_accent);
    color: var(--_on-accent);
  }
  .row .danger {
    border-color: var(--_danger);
    background: var(--_danger);
    color: var(--_surface);
  }
  .row button:disabled {
    opacity: 0.6;
    cursor: default;
  }
  .done {
    color: var(--_success);
  }
  [part~='error'] {
    color: var(--_danger);
  }
  [part~='error']:empty {
    display: none;
  }
  button:focus-visible,
  input:focus-visible,
  textarea:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 1px;
  }
`;

/**
 * The open menu, its report, delete, mute and ban forms, and what running them takes: the
 * part of `<community-content-menu>` that loads on the first sign of intent.
 */
export class MenuPanel {
  /** Whether the panel shows. */
  open = false;
  #view: View = 'menu';
  #busy = false;
  #error = '';
  #reason: ReportReason | null = null;
  #note = '';
  #duration = DAY;
  #why = '';
  #done = '';
  #text!: MenuText;
  #outside: ((e: Event) => void) | undefined;

  constructor(private readonly host: MenuHost) {}

  /** Resolves once the strings of the menu's language are in. */
  async ready(): Promise<void> {
    this.#text = await this.host.track(Promise.resolve(menuText(this.host.locale())));
  }

  /** Opens the menu and focuses its first or last item. */
  async show(focus: 'first' | 'last'): Promise<void> {
    await this.ready();
    this.#view = 'menu';
    this.#error = '';
    this.open = true;
    if (!this.#outside) {
      this.#outside = (e) => !e.composedPath().includes(this.host.el) && this.close(false);
      document.addEventListener('pointerdown', this.#outside, true);
    }
    await this.#update();
    this.#place();
    const items = this.#items();
    (focus === 'first' ? items[0] : items.at(-1))?.focus();
  }

  /** Closes the panel, returning focus to the menu button unless told otherwise. */
  close(refocus = true): void {
    if (this.#outside) document.removeEventListener('pointerdown', this.#outside, true);
    this.#outside = undefined;
    if (!this.open) return;
    this.open = false;
    this.#view = 'menu';
    if (refocus) void this.#update().then(() => this.host.trigger()?.focus());
    else this.host.el.requestUpdate();
  }

  render(): TemplateResult | typeof nothing {
    if (!this.open) return nothing;
    const loaded = menuText(this.host.locale());
    // Another language since opening: speak the previous one until its table is in.
    if (loaded instanceof Promise) void this.host.track(loaded).then((text) => ((this.#text = text), this.host.el.requestUpdate()));
    else this.#text = loaded;
    return html`<div
      part="menu"
      class=${this.#view === 'menu' ? 'panel' : 'panel form-panel'}
      @keydown=${this.#key}
      @focusout=${(e: FocusEvent) => {
        const next = e.relatedTarget as Node | null;
        if (next && next !== this.host.el && !this.host.el.renderRoot.contains(next)) this.close(false);
      }}
    >
      ${this.#body()}
      <p part="error" role="alert">${this.#error}</p>
    </div>`;
  }

  #body(): TemplateResult {
    const { t } = this.#text;
    const { el } = this.host;
    const type = t(`type_${el.target!.type}`);
    const name = el.author?.displayName ?? '';
    const cancel = html`<button type="button" data-action="cancel" @click=${() => this.close()}>${t('cancel')}</button>`;
    switch (this.#view) {
      case 'menu':
        return this.#menu();
      case 'reported':
        return html`<div class="box">
          <p class="done">${this.#done}</p>
          <div class="row"><button type="button" data-action="close" @click=${() => this.close()}>${t('close')}</button></div>
        </div>`;
      case 'delete':
        return html`<div class="box" role="group" aria-labelledby="title">
          <p id="title">${t('confirmDelete', { type })}</p>
          <div class="row">
            <button class="danger" type="button" data-action="confirm-delete" ?disabled=${this.#busy} @click=${() => this.#act('delete')}>
              ${t('confirmDeleteYes')}
            </button>
            ${cancel}
          </div>
        </div>`;
      case 'report':
        return html`<form aria-labelledby="title" @submit=${this.#report}>
          <h3 id="title">${t('reportTitle', { type })}</h3>
          <fieldset>
            <legend>${t('reasons')}</legend>
            ${REASONS.map(
              (reason) => html`<label
                ><input
                  type="radio"
                  name="reason"
                  value=${reason}
                  .checked=${this.#reason === reason}
                  @change=${() => ((this.#reason = reason), el.requestUpdate())}
                />
                ${t(`reason_${reason}`)}</label
              >`,
            )}
          </fieldset>
          <label for="note">${t('note')}</label>
          <textarea id="note" name="note" maxlength="500" .value=${this.#note} @input=${(e: Event) => (this.#note = (e.target as HTMLTextAreaElement).value)}></textarea>
          <div class="row">
            <button class="primary" type="submit" ?disabled=${this.#busy || !this.#reason}>${t(this.#busy ? 'sending' : 'sendReport')}</button>
            ${cancel}
          </div>
        </form>`;
      default: {
        const mute = this.#view === 'mute';
        return html`<form aria-labelledby="title" aria-describedby="hint" @submit=${this.#discipline}>
          <h3 id="title">${t(mute ? 'muteTitle' : 'banTitle', { name })}</h3>
          <p id="hint" class="hint">${t(mute ? 'muteHint' : 'banHint')}</p>
          <fieldset>
            <legend>${t('duration')}</legend>
            ${DURATIONS.map(
              ([ms, key]) => html`<label
                ><input type="radio" name="duration" value=${ms} .checked=${this.#duration === ms} @change=${() => (this.#duration = ms)} />
                ${t(key)}</label
              >`,
            )}
          </fieldset>
          <label for="why">${t('why')}</label>
          <textarea
            id="why"
            name="why"
            required
            maxlength="500"
            .value=${this.#why}
            @input=${(e: Event) => ((this.#why = (e.target as HTMLTextAreaElement).value), el.requestUpdate())}
          ></textarea>
          <div class="row">
            <button class="danger" type="submit" ?disabled=${this.#busy || !this.#why.trim()}>${t(mute ? 'muteYes' : 'banYes')}</button>
            ${cancel}
          </div>
        </form>`;
      }
    }
  }

  #menu(): TemplateResult {
    const { t } = this.#text;
    const { el } = this.host;
    const offer = this.#offer();
    const name = el.author?.displayName ?? '';
    const comment = el.target!.type === 'comment';
    const items: Array<[key: string, label: string, run: () => unknown, danger?: boolean]> = [];
    if (offer.report) items.push(['report', t('report'), () => this.#go('report', '[name="reason"]')]);
    for (const action of offer.actions) {
      const key = comment && (action === 'lock' || action === 'unlock') ? (`${action}Thread` as const) : action;
      items.push([action, t(key as keyof MenuMessages), action === 'delete' ? () => this.#go('delete', '[data-action="cancel"]') : () => this.#act(action), action === 'delete']);
    }
    if (offer.discipline) {
      items.push(['mute', t('mute', { name }), () => this.#go('mute', '[name="duration"]'), true]);
      items.push(['ban', t('ban', { name }), () => this.#go('ban', '[name="duration"]'), true]);
    }
    // The button shows on what may hold something; here it turned out to hold nothing.
    if (!items.length) items.push(['none', t('none'), () => this.close()]);
    return html`<div role="menu" aria-label=${t('menu')}>
      ${items.map(
        ([key, label, run, danger]) => html`<button
          part="item"
          role="menuitem"
          class=${danger ? 'danger-item' : ''}
          type="button"
          tabindex="-1"
          data-item=${key}
          ?disabled=${this.#busy}
          @click=${run}
        >
          ${label}
        </button>`,
      )}
    </div>`;
  }

  /** What the viewer may do here now, without what the host widget shows itself. */
  #offer(): ModerationOffer {
    const { el } = this.host;
    const offer = moderationOffer(this.host.viewer(), el.target!.type, el.author, this.host.state());
    const omit = el.omit ?? [];
    return { ...offer, actions: offer.actions.filter((action) => !omit.includes(action)) };
  }

  #items(): HTMLElement[] {
    return [...this.host.el.renderRoot.querySelectorAll<HTMLElement>('[role="menuitem"]')];
  }

  #key = (e: KeyboardEvent): void => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      return this.close();
    }
    if (this.#view !== 'menu') return;
    if (e.key === 'Tab') return this.close(false);
    const items = this.#items();
    const at = items.indexOf(this.host.el.renderRoot.querySelector(':focus') as HTMLElement);
    const next = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: items.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    items[(next + items.length) % items.length]?.focus();
  };

  async #update(): Promise<void> {
    this.host.el.requestUpdate();
    await this.host.el.updateComplete;
  }

  /**
   * Keeps the panel on screen: it hangs from the button's end edge, so near the start edge of
   * a narrow page (or in a right-to-left one) it is slid back inside, 0.5rem from the edge.
   */
  #place(): void {
    const panel = this.host.el.renderRoot.querySelector<HTMLElement>('.panel');
    if (!panel) return;
    panel.style.translate = '';
    const { left, right } = panel.getBoundingClientRect();
    const margin = 8;
    const edge = document.documentElement.clientWidth - margin;
    const shift = left < margin ? margin - left : right > edge ? edge - right : 0;
    if (shift) panel.style.translate = `${Math.round(shift)}px 0`;
  }

  async #go(view: View, focus: string): Promise<void> {
    this.#view = view;
    this.#error = '';
    if (view === 'mute' || view === 'ban') this.#duration = view === 'mute' ? DAY : 7 * DAY;
    await this.#update();
    this.#place();
    const root = this.host.el.renderRoot;
    (root.querySelector<HTMLElement>(`${focus}:checked`) ?? root.querySelector<HTMLElement>(focus))?.focus();
  }

  async #run<T>(action: CommunityErrorAction | 'report' | 'moderate', call: () => Promise<T>): Promise<T | undefined> {
    const { el } = this.host;
    this.#busy = true;
    this.#error = '';
    el.requestUpdate();
    try {
      return await call();
    } catch (e) {
      const error = HearthError.is(e) ? e : new HearthError('internal', e instanceof Error ? e.message : String(e));
      this.#error = this.#explain(error);
      // `report` and `moderate` join CommunityErrorAction's union in events/error-event.ts.
      el.dispatchEvent(new CommunityErrorEvent({ error, action: action as CommunityErrorAction }));
      return undefined;
    } finally {
      this.#busy = false;
      el.requestUpdate();
    }
  }

  async #act(action: ModerationAction): Promise<void> {
    const { host } = this;
    const { el } = host;
    const target = { ...el.target! };
    const result = await this.#run('moderate', () => moderateContent(el.client!, { target, action }));
    if (!result) return;
    host.patch(
      action === 'lock' || action === 'unlock'
        ? { locked: action === 'lock' }
        : action === 'pin' || action === 'unpin'
          ? { pinned: action === 'pin' }
          : action === 'feature' || action === 'unfeature'
            ? { featured: action === 'feature' }
            : { status: result.status },
    );
    el.dispatchEvent(new CommunityModerateEvent({ action, target, result }));
    this.close();
    host.announce(this.#text.t(`done_${action}` as keyof MenuMessages));
  }

  #report = async (e: Event): Promise<void> => {
    e.preventDefault();
    const { el } = this.host;
    const reason = this.#reason;
    if (!reason || this.#busy) return;
    const target = { ...el.target! };
    const note = this.#note.trim();
    const sent = Date.now();
    const receipt = await this.#run('report', () => reportContent(el.client!, note ? { target, reason, note } : { target, reason }));
    if (!receipt) return;
    const { t, date } = this.#text;
    // A repeat comes back as the first report, unchanged: say so rather than thank twice.
    const repeat = receipt.reason !== reason || (receipt.note ?? '') !== note || Date.parse(receipt.createdAt) < sent - 2000;
    this.#done = repeat ? t('alreadyReported', { date: date(receipt.createdAt), reason: t(`reason_${receipt.reason}`) }) : t('reported');
    this.#reason = null;
    this.#note = '';
    el.dispatchEvent(new CommunityReportEvent({ target, receipt }));
    await this.#go('reported', '[data-action="close"]');
    this.host.announce(this.#done);
  };

  #discipline = async (e: Event): Promise<void> => {
    e.preventDefault();
    const { el } = this.host;
    const why = this.#why.trim();
    if (!why || this.#busy) return;
    const ban = this.#view === 'ban';
    const target = { ...el.target! };
    const author = el.author!;
    const durationMs = this.#duration;
    const input = { memberId: author.id, durationMs, reason: why };
    const card: MemberCard | undefined = await this.#run('moderate', () => (ban ? banMember : muteMember)(el.client!, input));
    if (!card) return;
    this.#why = '';
    el.dispatchEvent(new CommunityModerateEvent({ action: ban ? 'ban' : 'mute', target, result: card }));
    const until = ban ? card.bannedUntil : card.mutedUntil;
    const { t, date } = this.#text;
    const vars = { name: author.displayName, date: until ? date(until) : '' };
    this.close();
    this.host.announce(durationMs === FOREVER || !until ? t(ban ? 'bannedForever' : 'mutedForever', vars) : t(ban ? 'bannedUntil' : 'mutedUntil', vars));
  };

  /** A failure in the reader's words: English keeps the backend's own message, written for people. */
  #explain(error: HearthError): string {
    const { t, locale } = this.#text;
    if (error.details?.unsupported) return t('errorUnsupported');
    const own = locale === 'en' && error.message && ['forbidden', 'not_found', 'conflict', 'validation'].includes(error.code);
    if (own) return error.message;
    const key = ({ forbidden: 'errorForbidden', not_found: 'errorNotFound', conflict: 'errorConflict', unavailable: 'errorUnavailable', rate_limited: 'errorRateLimited' } as const)[
      error.code as 'forbidden'
    ];
    return t(key ?? 'errorInternal');
  }
}

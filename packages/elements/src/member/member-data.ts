// Loaded by the first chip that shows a card: the card store, and the level line it fills.
// The chip renders the avatar and name from what its widget gave it at once and keeps the
// line below them empty until the card arrives, so none of this need load up front.
import { html, nothing, type TemplateResult } from 'lit';
import type { MemberCard } from '@hearth/protocol';
import type { Locale } from '../i18n/locale.js';
import { localName } from './roles.js';

export { memberCardStore } from '@hearth/client';

type Catalogue = typeof import('./catalogue.js');
let catalogue: Catalogue | undefined;
let catalogueLoad: Promise<unknown> | undefined;

/** Level, title and up to three badges; `update` is called when the names in `locale` arrive. */
export function meta(card: MemberCard, locale: Locale, update: () => void): TemplateResult {
  // Award and title names come in English; the catalogue names them in Chinese.
  if (!catalogue && locale !== 'en') {
    // Offline: the English names stay up, with no retry on every render.
    catalogueLoad ??= import('./catalogue.js').then(
      (loaded) => (catalogue = loaded),
      () => undefined,
    );
    void catalogueLoad.then(() => catalogue && update());
  }
  const names = locale === 'en' ? undefined : catalogue;
  const granted = card.title ? names?.BADGES.map((badge) => badge.title).find((title) => title?.name === card.title) : undefined;
  const more = card.badges.length - 3;
  return html`<span part="level">${localName(card.level, locale)}</span>${card.title
      ? html`<span part="title">${granted ? localName(granted, locale) : card.title}</span>`
      : nothing}${card.badges.slice(0, 3).map((award) => {
      const definition = names?.badgeDefinition(award.badge);
      return html`<span part="badge">${definition ? localName(definition, locale) : award.name}</span>`;
    })}${more > 0 ? html`<span>+${more}</span>` : nothing}`;
}

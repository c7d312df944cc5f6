// PLACEHOLDER written by the lead so other widgets can render it today; the member-card
// helper replaces the internals (level, title, badges, popover card) keeping this API.
import { html, LitElement, type TemplateResult } from 'lit';
import type { CommunityClient } from '@hearth/client';
import type { Member } from '@hearth/protocol';

/**
 * @summary An author chip: avatar and name, with level, title and badges; opens the member card.
 * @csspart base - The chip.
 */
export class CommunityMemberChip extends LitElement {
  static override properties = { client: { attribute: false }, member: { attribute: false }, compact: { type: Boolean } };
  /** The client to read the member card through (the host widget's). */
  client?: CommunityClient | null;
  /** The member shown. */
  member?: Member | null;
  /** Avatar and name only (no level, title or badges). */
  compact = false;

  protected override render(): TemplateResult {
    return html`<span part="base">${this.member?.displayName ?? ''}</span>`;
  }
}

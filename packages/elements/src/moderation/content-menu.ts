// PLACEHOLDER written by the lead so other widgets can render it today; the moderation
// helper replaces the internals (report dialog, staff actions) keeping this API.
import { html, LitElement, type TemplateResult } from 'lit';
import type { CommunityClient } from '@hearth/client';
import type { Member } from '@hearth/protocol';

/** What the menu acts on: the content's type and id as moderation names them. */
export interface ContentTarget {
  type: 'comment' | 'post' | 'answer' | 'feedback';
  id: string;
}

/** The state the staff actions depend on (which of hide/restore, pin/unpin … to offer). */
export interface ContentState {
  status?: string;
  pinned?: boolean;
  locked?: boolean;
  featured?: boolean;
}

/**
 * @summary The "More actions" menu on a piece of content: Report for members, and the
 * moderation actions the viewer's role allows on it and its author.
 * @csspart base - The menu button.
 */
export class CommunityContentMenu extends LitElement {
  static override properties = {
    client: { attribute: false },
    target: { attribute: false },
    author: { attribute: false },
    state: { attribute: false },
  };
  /** The host widget's client. */
  client?: CommunityClient | null;
  /** The content acted on. */
  target?: ContentTarget | null;
  /** Its author (staff never act on their superiors; nobody reports themselves). */
  author?: Member | null;
  /** Its current state. */
  state?: ContentState | null;

  protected override render(): TemplateResult {
    return html`<span part="base"></span>`;
  }
}

import { useMessages, type Catalog } from './i18n.js';

const en = {
  missing: (offers: string, capability: string) => `This server does not offer ${offers}: its adapter has no ${capability} capability.`,
};
/** A Latin word set into Chinese text gets a space before it (`提供 Webhooks`), a Chinese one none. */
const spaced = (word: string) => (/^[A-Za-z0-9]/.test(word) ? ` ${word}` : word);
const messages: Catalog<typeof en> = {
  en,
  'zh-CN': { missing: (offers, capability) => `此服务器不提供${spaced(offers)}：它的适配器没有 ${capability} 能力。` },
  'zh-TW': { missing: (offers, capability) => `此伺服器不提供${spaced(offers)}：它的轉接器沒有 ${capability} 功能。` },
};

/**
 * What a view shows in place of itself when the server's adapter lacks the group it runs on:
 * its heading, and an alert naming what the server does not offer and the missing capability.
 * `title` and `offers` come from the view's own catalog, in the operator's language; the
 * capability is named as the adapter spells it.
 */
export function MissingCapability({ title, capability, offers }: { title: string; capability: string; offers: string }) {
  const t = useMessages(messages);
  const titleId = `${capability}-title`;
  return (
    <section aria-labelledby={titleId}>
      <h1 id={titleId}>{title}</h1>
      <p class="error" role="alert">
        {t.missing(offers, capability)}
      </p>
    </section>
  );
}

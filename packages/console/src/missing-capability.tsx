/**
 * What a view shows in place of itself when the server's adapter lacks the group it runs on:
 * its heading, and an alert naming what the server does not offer and the missing capability.
 */
export function MissingCapability({ title, capability, offers }: { title: string; capability: string; offers: string }) {
  const titleId = `${capability}-title`;
  return (
    <section aria-labelledby={titleId}>
      <h1 id={titleId}>{title}</h1>
      <p class="error" role="alert">
        This server does not offer {offers}: its adapter has no {capability} capability.
      </p>
    </section>
  );
}

// The launcher's download boundary: a page with a launcher pays for its button only, pointing
// at it fetches the rest, and a click made before that arrived still opens the form. Its own
// file (so its own page): once the core has been imported, no test can see it download again.
import { expect, fixture, html } from '@open-wc/testing';
import { ada, testAdapter, testClient } from '../test-support/test-adapter.js';
import { waitUntil } from '../test-support/wait.js';
import type { CommunityFeedback } from './feedback.js';
import './define.js';

const fetched = () => performance.getEntriesByType('resource').filter((entry) => /\/feedback\/feedback-core\.[jt]s/.test(entry.name)).length;
const frames = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));

describe('<community-feedback mode="launcher"> downloads', () => {
  it('fetches nothing but its button until pointed at, and opens on a click made before the rest arrived', async () => {
    // The browser keeps 250 resource entries by default; the test modules alone fill that.
    performance.setResourceTimingBufferSize(10_000);
    performance.clearResourceTimings();
    const adapter = testAdapter();
    const el = await fixture<CommunityFeedback>(html`<community-feedback lang="en" mode="launcher" .client=${testClient(ada, adapter)}></community-feedback>`);
    await el.updateComplete;
    await frames();
    const launcher = el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="launcher"]')!;
    const dialog = el.shadowRoot!.querySelector<HTMLDialogElement>('dialog')!;
    expect(launcher.textContent!.trim()).to.equal('Send feedback');
    expect(fetched(), 'the core was fetched before anyone pointed at the launcher').to.equal(0);
    expect(adapter.calls['feedback.myFeedback'] ?? 0).to.equal(0);

    launcher.dispatchEvent(new PointerEvent('pointerenter'));
    // Clicked in the same task: the download cannot have arrived yet; the click must wait for it.
    launcher.click();
    expect(dialog.open).to.equal(false);
    await waitUntil(() => dialog.open && dialog.querySelector('textarea'), 'the click made during the download did not open the form');
    await el.updateComplete;
    // Compared as a flag: chai describing two elements that differ can stall the page.
    expect(el.shadowRoot!.activeElement === dialog.querySelector('textarea'), 'the message box does not have focus').to.equal(true);
    expect(fetched(), 'the core was not fetched exactly once').to.equal(1);
  });
});

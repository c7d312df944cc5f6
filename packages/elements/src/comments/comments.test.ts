import { expect } from '@open-wc/testing';
import { ada, bob, mount, seedComment, testAdapter, testClient, text, $ } from './test-support.js';

describe('<community-comments>', () => {
  it('renders a thread', async () => {
    const adapter = testAdapter();
    await seedComment(adapter, bob, '/t', 'Hello **world**');
    const el = await mount(testClient(ada, adapter));
    expect(text($(el, 'h2'))).to.equal('1 comment');
    expect(text($(el, '[part~="author"]'))).to.equal('Bob');
    expect($(el, '[part~="body"] strong')).to.exist;
  });
});

import { expect } from '@open-wc/testing';
import { HearthError } from '@hearth/protocol';
import { matchLocale } from './locale.js';
import { Localizer } from './localizer.js';

describe('matchLocale', () => {
  it('maps Chinese variants to Simplified or Traditional, and everything else to English', () => {
    for (const tag of ['zh', 'zh-CN', 'zh-Hans', 'zh-SG', 'zh_cn', 'zh-Hans-HK']) expect(matchLocale(tag), tag).to.equal('zh-CN');
    for (const tag of ['zh-TW', 'zh-Hant', 'zh-HK', 'zh-MO', 'zh-Hant-CN']) expect(matchLocale(tag), tag).to.equal('zh-TW');
    for (const tag of ['en', 'en-GB', 'fr', '', null, undefined]) expect(matchLocale(tag), String(tag)).to.equal('en');
  });
});

describe('Localizer', () => {
  it('has English at once and loads the Chinese tables on first use', async () => {
    expect(Localizer.for('en')).to.be.instanceOf(Localizer);
    const loading = Localizer.for('zh-CN');
    expect(loading).to.be.instanceOf(Promise);
    const zh = await loading;
    expect(zh.t('commentsLabel')).to.equal('评论');
    // Once loaded, the same instance comes back without waiting.
    expect(Localizer.for('zh-CN')).to.equal(zh);
  });

  it('picks plural forms through Intl.PluralRules and formats numbers for the locale', async () => {
    const en = await Localizer.for('en');
    expect(en.t('commentCount', { count: 0 })).to.equal('No comments');
    expect(en.t('commentCount', { count: 1 })).to.equal('1 comment');
    expect(en.t('commentCount', { count: 1234 })).to.equal('1,234 comments');
    expect(en.t('newComments', { count: 0 })).to.equal('0 new comments.');
    expect(en.t('reaction', { count: 2, emoji: '🎉' })).to.equal('🎉: 2 reactions');
    expect((await Localizer.for('zh-CN')).t('commentCount', { count: 3 })).to.equal('3 条评论');
  });

  it('says times relative to now in the locale', async () => {
    const now = Date.parse('2026-01-10T12:00:00Z');
    const en = await Localizer.for('en');
    expect(en.relativeTime(new Date(now - 3 * 60_000), now)).to.equal('3 minutes ago');
    expect(en.relativeTime(new Date(now - 26 * 3600_000), now)).to.equal('yesterday');
    expect(en.relativeTime(new Date(now - 10_000), now)).to.equal('now');
    expect((await Localizer.for('zh-CN')).relativeTime(new Date(now - 2 * 3600_000), now)).to.equal('2小时前');
    expect((await Localizer.for('zh-TW')).relativeTime(new Date(now - 2 * 3600_000), now)).to.equal('2 小時前');
  });

  it('loads the strings only an interaction or a failure shows with full(), keeping the rest', async () => {
    const zh = await (await Localizer.for('zh-CN')).full();
    expect(zh.t('confirmDeleteYes')).to.equal('确定删除');
    expect(zh.t('commentsLabel')).to.equal('评论');
    expect(zh.locale).to.equal('zh-CN');
    // Once loaded, the same instance comes back without waiting.
    expect((Localizer.for('zh-CN') as Localizer).full()).to.equal(zh);
  });

  it('maps error codes to localized text and keeps validation messages it cannot restate', async () => {
    const zh = await (await Localizer.for('zh-TW')).full();
    expect(zh.error(new HearthError('unauthorized', 'Sign in to take part.'))).to.equal('請先登入再參與。');
    expect(zh.error(new HearthError('forbidden', 'This thread is locked, so it takes no new comments.'))).to.equal('此討論已鎖定。');
    expect(zh.error(HearthError.validation('body', 'Comment is empty.'))).to.equal('請先輸入內容。');
    expect(zh.error(HearthError.validation('body', 'Comment is longer than 50 characters.'), { bodyMaxLength: 50 })).to.equal(
      '留言最多 50 個字。',
    );
    expect(zh.error(HearthError.validation('emoji', 'Pick one of: 👍'))).to.equal('Pick one of: 👍');
    expect(zh.error(new HearthError('rate_limited', 'Slow down.', { retryAfterMs: 1500 }))).to.equal('操作太頻繁了，請在 2 秒後再試。');
    expect(zh.error(new HearthError('not_found', 'Gone.'))).to.equal('這則留言已不存在。');
    expect((await (await Localizer.for('en')).full()).error(HearthError.validation('body', 'Comment is empty.'))).to.equal('Comment is empty.');
  });
});

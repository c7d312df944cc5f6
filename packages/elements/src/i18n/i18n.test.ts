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
  it('picks plural forms through Intl.PluralRules and formats numbers for the locale', () => {
    const en = Localizer.for('en');
    expect(en.plural('commentCount', 0)).to.equal('No comments');
    expect(en.plural('commentCount', 1)).to.equal('1 comment');
    expect(en.plural('commentCount', 1234)).to.equal('1,234 comments');
    expect(Localizer.for('zh-CN').plural('commentCount', 3)).to.equal('3 条评论');
  });

  it('says times relative to now in the locale', () => {
    const now = Date.parse('2026-01-10T12:00:00Z');
    expect(Localizer.for('en').relativeTime(new Date(now - 3 * 60_000), now)).to.equal('3 minutes ago');
    expect(Localizer.for('en').relativeTime(new Date(now - 26 * 3600_000), now)).to.equal('yesterday');
    expect(Localizer.for('zh-CN').relativeTime(new Date(now - 2 * 3600_000), now)).to.equal('2小时前');
    expect(Localizer.for('zh-TW').relativeTime(new Date(now - 2 * 3600_000), now)).to.equal('2 小時前');
  });

  it('maps error codes to localized text and keeps validation messages it cannot restate', () => {
    const zh = Localizer.for('zh-TW');
    expect(zh.error(new HearthError('unauthorized', 'Sign in to take part.'))).to.equal('請先登入再參與。');
    expect(zh.error(new HearthError('forbidden', 'This thread is locked, so it takes no new comments.'))).to.equal('此討論已鎖定。');
    expect(zh.error(HearthError.validation('body', 'Comment is empty.'))).to.equal('請先輸入內容。');
    expect(zh.error(HearthError.validation('body', 'Comment is longer than 50 characters.'), { bodyMaxLength: 50 })).to.equal(
      '留言最多 50 個字。',
    );
    expect(zh.error(HearthError.validation('emoji', 'Pick one of: 👍'))).to.equal('Pick one of: 👍');
    expect(Localizer.for('en').error(HearthError.validation('body', 'Comment is empty.'))).to.equal('Comment is empty.');
  });
});

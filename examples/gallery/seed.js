// The gallery's data: one small community, written in the page's language, seeded into the
// in-browser memory backend (see packages/adapter-memory/src/seed.ts for the shape). The
// viewer is Maya, a member who has voted in the poll, so results and her own rank show.

const members = (zh) => [
  { id: 'gallery-maya', displayName: zh ? '陈美雅' : 'Maya Chen', role: 'member' },
  { id: 'gallery-jonas', displayName: zh ? '王乔纳' : 'Jonas Weber', role: 'member' },
  { id: 'gallery-priya', displayName: zh ? '林佩雅' : 'Priya Natarajan', role: 'member' },
  { id: 'gallery-leo', displayName: zh ? '李乐' : 'Leo Martins', role: 'member' },
  { id: 'gallery-sam', displayName: zh ? '周山（Hearth 团队）' : 'Sam (Hearth team)', role: 'moderator' },
];

/** Who the gallery signs in as: Maya, or the seeded member `id`. */
export function galleryViewer(lang, id = 'gallery-maya') {
  const member = members(lang === 'zh-CN').find((m) => m.id === id) ?? members(lang === 'zh-CN')[0];
  return { id: member.id, displayName: member.displayName, role: member.role };
}

/** The member objects property-driven elements (the member chip, the content menu) show. */
export function galleryMembers(lang) {
  return Object.fromEntries(members(lang === 'zh-CN').map((m) => [m.id, { ...m, avatarUrl: null }]));
}

export function gallerySeed(lang) {
  const zh = lang === 'zh-CN';
  const t = (en, cn) => (zh ? cn : en);
  return {
    members: members(zh),
    threads: [
      {
        key: '/gallery',
        comments: [
          {
            author: 'gallery-sam',
            minutesAgo: 180,
            body: t(
              'Welcome! This thread lives in your browser. Markdown works: **bold**, `code` and [links](https://commonmark.org/help/).',
              '欢迎！这个讨论串只保存在你的浏览器里。支持 Markdown：**粗体**、`代码` 和[链接](https://commonmark.org/help/)。',
            ),
            reactions: { '👍': ['gallery-maya', 'gallery-jonas'], '🎉': ['gallery-priya'] },
            replies: [
              {
                author: 'gallery-maya',
                minutesAgo: 170,
                body: t('Is it really just one tag on the page?', '真的只要在页面上放一个标签吗？'),
                reactions: { '❤️': ['gallery-sam'] },
              },
            ],
          },
          {
            author: 'gallery-jonas',
            minutesAgo: 95,
            body: t(
              'We moved our changelog comments over last week and people actually talk under releases now.',
              '我们上周把更新日志的评论迁了过来，现在大家真的会在版本发布下面讨论了。',
            ),
            reactions: { '😄': ['gallery-maya'] },
            replies: [
              {
                author: 'gallery-leo',
                minutesAgo: 80,
                body: t('Same for us: the reactions told us which features landed.', '我们也一样：看表情回应就知道哪些功能受欢迎。'),
              },
            ],
          },
        ],
      },
    ],
    community: {
      grants: {
        'gallery-priya': { points: 120, reason: t('Meetup host', '线下聚会组织者'), minutesAgo: 60 * 30 },
        'gallery-jonas': { points: 60, reason: t('Bug bash', '找 Bug 活动'), minutesAgo: 60 * 28 },
        'gallery-maya': { points: 40, reason: t('Beta tester', '内测用户'), minutesAgo: 60 * 26 },
        'gallery-leo': { points: 20, reason: t('First talk', '第一次分享'), minutesAgo: 60 * 25 },
      },
      posts: [
        {
          author: 'gallery-sam',
          title: t('Community guidelines', '社区守则'),
          body: t('Be kind, stay on topic, and help newcomers find their way.', '友善待人，紧扣主题，帮助新人找到方向。'),
          minutesAgo: 60 * 20,
          pinned: true,
        },
        {
          author: 'gallery-priya',
          title: t('How we theme Hearth with our brand colours', '我们如何用品牌色给 Hearth 换肤'),
          body: t(
            'One custom property, `--community-color-accent`, and every widget followed. Dark mode came for free.',
            '只设置了一个自定义属性 `--community-color-accent`，所有组件就都跟着变了，深色模式也不用额外处理。',
          ),
          topics: [t('theming', '主题'), t('tips', '技巧')],
          minutesAgo: 240,
          featured: true,
          reactions: { '👍': ['gallery-maya', 'gallery-jonas', 'gallery-leo'], '🎉': ['gallery-sam'] },
          replies: [{ author: 'gallery-jonas', minutesAgo: 200, body: t('Same here, it took five minutes.', '我们也是，五分钟就搞定了。') }],
        },
        {
          author: 'gallery-leo',
          title: t('Show us your community page', '晒晒你的社区页面'),
          body: t('Post a screenshot of where you embedded the widgets.', '发一张你嵌入组件的页面截图吧。'),
          topics: [t('showcase', '展示')],
          minutesAgo: 45,
          reactions: { '❤️': ['gallery-priya'] },
        },
        {
          author: 'gallery-maya',
          kind: 'question',
          title: t('Can two widgets share one poll?', '两个组件能共用一个投票吗？'),
          body: t('I would like the poll in the sidebar and in the article.', '我想把同一个投票同时放在侧边栏和文章里。'),
          topics: [t('polls', '投票')],
          minutesAgo: 300,
          answers: [
            { author: 'gallery-sam', minutesAgo: 280, body: t('Yes: same `poll` id, one request, live in both.', '可以：用同一个 `poll` id，只发一次请求，两处都实时更新。'), upvotes: ['gallery-maya', 'gallery-leo'] },
            { author: 'gallery-jonas', minutesAgo: 270, body: t('We do exactly that on our blog.', '我们的博客就是这么做的。') },
          ],
          accepted: 0,
        },
        {
          author: 'gallery-jonas',
          kind: 'question',
          title: t('How do I move from the memory adapter to a real server?', '怎样从内存适配器切换到真正的服务器？'),
          body: t('The demo runs in the browser; what changes for production?', '演示在浏览器里运行，上线时需要改什么？'),
          topics: [t('setup', '配置')],
          minutesAgo: 90,
          bounty: 50,
        },
        {
          author: 'gallery-priya',
          kind: 'question',
          title: t('Is there a Traditional Chinese translation?', '有繁体中文翻译吗？'),
          body: t('Our members are in Taipei and Hong Kong.', '我们的成员在台北和香港。'),
          topics: [t('i18n', '国际化')],
          minutesAgo: 20,
        },
      ],
      polls: [
        {
          id: 'gallery-poll',
          author: 'gallery-sam',
          question: t('Which widget should we add to the docs site first?', '文档站应该先加哪个组件？'),
          type: 'single',
          options: [t('Feed', '动态'), t('Q&A', '问答'), t('Feedback board', '反馈看板'), t('Leaderboard', '排行榜')],
          minutesAgo: 600,
          ballots: { 'gallery-maya': [1], 'gallery-jonas': [0], 'gallery-priya': [1], 'gallery-leo': [2], 'gallery-sam': [1] },
        },
      ],
      feedback: [
        {
          author: 'gallery-leo',
          kind: 'idea',
          title: t('Email digest of unanswered questions', '未解答问题的邮件摘要'),
          body: t('A weekly email for moderators would help us answer faster.', '每周给版主发一封邮件，能帮我们更快回答问题。'),
          minutesAgo: 60 * 12,
          votes: ['gallery-maya', 'gallery-jonas', 'gallery-priya'],
          status: 'planned',
          reply: t('Planned for next month.', '计划在下个月上线。'),
        },
        {
          author: 'gallery-priya',
          kind: 'idea',
          title: t('Reactions on poll results', '投票结果也能加表情回应'),
          body: t('Let people react to the outcome of a poll.', '让大家可以对投票结果表态。'),
          minutesAgo: 60 * 5,
          votes: ['gallery-leo'],
        },
        {
          author: 'gallery-jonas',
          kind: 'bug',
          title: t('Launcher overlaps the cookie banner', '反馈按钮挡住了 Cookie 提示'),
          body: t('On small screens the floating button covers it.', '在小屏幕上浮动按钮会把它盖住。'),
          minutesAgo: 60 * 2,
          status: 'in_progress',
        },
      ],
      checkIns: ['gallery-jonas', 'gallery-priya'],
    },
  };
}

import type { MemorySeed } from './seed.js';

/** Minutes in a day, for the seed's older dates. */
const DAYS = 24 * 60;

/**
 * A small, friendly conversation for trying Hearth without a backend: thread `/demo`
 * (replies, reactions, a code block and a link) and a quieter `/blog/hello-world`.
 *
 * @example
 * const adapter = createMemoryAdapter({ seed: demoSeed });
 */
export const demoSeed: MemorySeed = {
  members: [
    { id: 'demo-maya', displayName: 'Maya Chen', role: 'member', joinedDaysAgo: 30 },
    { id: 'demo-jonas', displayName: 'Jonas Weber', role: 'member', joinedDaysAgo: 45 },
    { id: 'demo-priya', displayName: 'Priya Natarajan', role: 'member', joinedDaysAgo: 14 },
    { id: 'demo-sam', displayName: 'Sam (Hearth team)', role: 'moderator', joinedDaysAgo: 90 },
    // Twelve weeks of newcomers in an onboarding experiment (variants `control` and
    // `quick-start`), each coming back on some of days 1, 7 and 30: the console's growth,
    // retention and experiment charts have something to show.
    ...(
      [
        ['lena', 'Lena Fischer', 84, 'control', [1, 7, 30]],
        ['kenji', 'Kenji Sato', 80, 'quick-start', [1, 7, 30]],
        ['ana', 'Ana Souza', 73, 'control', [7]],
        ['wei', '王伟', 66, 'quick-start', [1, 30]],
        ['omar', 'Omar Haddad', 59, 'control', [1]],
        ['chloe', 'Chloé Martin', 52, 'quick-start', [1, 7]],
        ['li', '李娜', 45, 'quick-start', [1, 7, 30]],
        ['tom', 'Tom Okafor', 38, 'control', []],
        ['sofia', 'Sofia Rossi', 31, 'quick-start', [1, 7, 30]],
        ['arjun', 'Arjun Mehta', 24, 'control', [1]],
        ['mei', '陳美玲', 17, 'quick-start', [1, 7]],
        ['noah', 'Noah Berg', 10, 'control', [7]],
        ['yuki', 'Yuki Tanaka', 4, 'quick-start', [1]],
      ] as const
    ).map(([id, displayName, joinedDaysAgo, variant, returns]) => ({ id: `demo-${id}`, displayName, role: 'member' as const, joinedDaysAgo, variant, returns: [...returns] })),
  ],
  threads: [
    {
      key: '/demo',
      comments: [
        {
          author: 'demo-sam',
          minutesAgo: 180,
          body:
            'Welcome to the demo! 👋 This thread lives entirely in your browser, so go ahead: ' +
            'reply, react, edit or delete. Nothing leaves the page.\n\n' +
            'Markdown works here too: **bold**, `code` and [links](https://commonmark.org/help/).',
          reactions: { '👍': ['demo-maya', 'demo-jonas'], '🎉': ['demo-priya'] },
          replies: [
            {
              author: 'demo-maya',
              minutesAgo: 170,
              body: 'Thanks Sam! Is it really just one tag on the page?',
              replies: [
                {
                  author: 'demo-sam',
                  minutesAgo: 165,
                  body: 'Yep. Load the script, then drop the element wherever the comments should go:\n\n```html\n<community-comments thread="/demo" adapter="memory"></community-comments>\n```',
                  reactions: { '❤️': ['demo-maya'], '👀': ['demo-jonas'] },
                },
              ],
            },
          ],
        },
        {
          author: 'demo-jonas',
          minutesAgo: 95,
          body: 'We switched our product changelog over last week and people actually *talk* under releases now. The reactions alone told us which features landed.',
          reactions: { '👍': ['demo-priya', 'demo-sam'], '😄': ['demo-maya'] },
          replies: [
            {
              author: 'demo-priya',
              minutesAgo: 60,
              body: 'Same here. Did you theme it? Ours picked up our brand colours through `--community-color-accent` and that was it.',
            },
          ],
        },
        {
          author: 'demo-priya',
          minutesAgo: 12,
          body: 'Small wish: a dark mode screenshot in the docs 🤔',
          reactions: { '🤔': ['demo-jonas'] },
        },
      ],
    },
    {
      // Weeks of conversation under the trail guide, some answered by staff, some by members,
      // one still waiting.
      key: '/guides/trail-guide',
      comments: [
        { author: 'demo-lena', minutesAgo: DAYS * 83, body: 'Is the northern loop passable in April?', replies: [{ author: 'demo-sam', minutesAgo: DAYS * 83 - 95, body: 'Usually from mid-April; check the hut’s snow report first.' }] },
        { author: 'demo-kenji', minutesAgo: DAYS * 72, body: 'Water sources after the second ridge?', reactions: { '👀': ['demo-lena'] }, replies: [{ author: 'demo-lena', minutesAgo: DAYS * 72 - 300, body: 'A spring 2 km past the saddle, all summer.' }] },
        { author: 'demo-wei', minutesAgo: DAYS * 36, body: '路线图能下载离线版吗？', replies: [{ author: 'demo-sam', minutesAgo: DAYS * 36 - 40, body: '可以，页面底部有 GPX 下载。' }] },
        { author: 'demo-chloe', minutesAgo: DAYS * 22, body: 'Loved this guide, did the loop in two days!', reactions: { '❤️': ['demo-sofia', 'demo-li', 'demo-sam'] }, replies: [{ author: 'demo-li', minutesAgo: DAYS * 21, body: 'Same, the sunrise at the top was worth it.' }] },
        { author: 'demo-sofia', minutesAgo: DAYS * 9, body: 'Any campsites with a view of the lake?', replies: [{ author: 'demo-sam', minutesAgo: DAYS * 9 - 600, body: 'The east shore pitches, first come first served.' }] },
        { author: 'demo-noah', minutesAgo: DAYS * 3 - 200, body: 'Are dogs allowed on the ridge section?', reactions: { '👍': ['demo-mei'] } },
      ],
    },
    {
      key: '/blog/hello-world',
      comments: [
        {
          author: 'demo-maya',
          minutesAgo: 60 * 24,
          body: 'First! Lovely post, looking forward to the next one.',
          reactions: { '❤️': ['demo-sam'] },
        },
      ],
    },
    ],
  // The brand demo's community: Northwind Outdoor's members talking about gear and trips.
  community: {
    grants: {
      'demo-maya': { points: 120, reason: 'Hosted last spring’s trail clean-up', minutesAgo: 60 * 24 * 20 },
      'demo-priya': { points: 60, reason: 'Beta tester of the new tent line', minutesAgo: 60 * 24 * 12 },
    },
    posts: [
      {
        author: 'demo-sam',
        kind: 'announcement',
        title: 'Welcome to the Northwind community 🏕️',
        body: 'This is where owners share trips, ask questions and tell us what to build next. Be kind, stay on topic, and **no ads**. Every post and helpful answer earns points — check in daily to keep your streak.',
        topics: ['welcome'],
        minutesAgo: 60 * 24 * 6,
        pinned: true,
      },
      {
        author: 'demo-jonas',
        title: 'Three nights on the Kungsleden with the Ridge 2 tent',
        body: 'Wind up to 60 km/h on the second night and the tent held perfectly. Pitching it fly-first in the rain was the best trick I learned. Photos soon!',
        topics: ['trip-report', 'tents'],
        minutesAgo: 60 * 30,
        featured: true,
        reactions: { '❤️': ['demo-maya', 'demo-priya'], '🎉': ['demo-sam'] },
        replies: [
          { author: 'demo-maya', minutesAgo: 60 * 29, body: 'Fly-first is a life saver. Which stakes did you use on the rocky bits?' },
          { author: 'demo-sam', minutesAgo: 60 * 28, body: 'Great report, Jonas — featuring this one!' },
        ],
      },
      {
        author: 'demo-priya',
        title: 'Favourite lightweight stove for winter?',
        body: 'Gas canisters struggle below −5 °C for me. What do you all use on winter trips?',
        topics: ['gear', 'winter'],
        minutesAgo: 60 * 5,
        reactions: { '👀': ['demo-jonas'] },
      },
      {
        author: 'demo-maya',
        title: '周末去黄山，有人一起吗？',
        body: '计划周六早上出发，两天一夜，住山顶营地。欢迎一起！',
        topics: ['trip-report', '黄山'],
        minutesAgo: 45,
      },
      {
        author: 'demo-maya',
        kind: 'question',
        title: 'How do I re-waterproof a rain jacket?',
        body: 'My three-year-old shell wets out in heavy rain now. Wash-in or spray-on — and does the tumble dryer really help?',
        topics: ['care'],
        minutesAgo: 60 * 20,
        bounty: 50,
        answers: [
          { author: 'demo-jonas', minutesAgo: 60 * 18, body: 'Wash it with a technical cleaner first, then spray-on DWR on the outside only, and 20 minutes in the dryer on low to activate it.', upvotes: ['demo-priya', 'demo-sam'] },
          { author: 'demo-priya', minutesAgo: 60 * 16, body: 'Wash-in works too but it also coats the inside, which hurts breathability.' },
        ],
      },
      {
        author: 'demo-priya',
        kind: 'question',
        title: 'Is the Ridge 2 big enough for two people and a dog?',
        body: 'Our border collie sleeps between us. Would we need the Ridge 3?',
        topics: ['tents'],
        minutesAgo: 60 * 3,
        answers: [{ author: 'demo-jonas', minutesAgo: 60 * 2, body: 'It is snug; with a dog I would take the Ridge 3 for the extra vestibule.', upvotes: ['demo-maya'] }],
        accepted: 0,
      },
      {
        author: 'demo-jonas',
        kind: 'question',
        title: 'Best way to store down sleeping bags over summer?',
        body: 'Compressed in the stuff sack, or loose in a big cotton bag?',
        topics: ['care'],
        minutesAgo: 25,
      },
    ],
    polls: [
      {
        id: 'demo-poll',
        author: 'demo-sam',
        question: 'Which colour should the next Ridge tent come in?',
        type: 'single',
        options: ['Forest green', 'Glacier blue', 'Sunset orange'],
        minutesAgo: 60 * 8,
        ballots: { 'demo-maya': [0], 'demo-jonas': [2], 'demo-priya': [0] },
      },
      {
        id: 'demo-poll-meetup',
        author: 'demo-sam',
        question: 'Where should the summer meetup be?',
        type: 'single',
        options: ['Lake camp', 'Mountain hut', 'City park'],
        minutesAgo: DAYS * 12,
        ballots: { 'demo-mei': [0], 'demo-tom': [1], 'demo-sofia': [0], 'demo-arjun': [2], 'demo-maya': [1] },
      },
    ],
    feedback: [
      {
        author: 'demo-priya',
        kind: 'idea',
        title: 'Show pack weight in grams and ounces',
        body: 'The product pages only show grams; half our group thinks in ounces.',
        minutesAgo: 60 * 24 * 3,
        votes: ['demo-maya', 'demo-jonas'],
        status: 'planned',
        reply: 'Good call — both units are coming to every product page next month.',
      },
      { author: 'demo-jonas', kind: 'bug', title: 'Size chart does not open on iPhone', body: 'Tapping “Size chart” does nothing in Safari on iOS 18.', minutesAgo: 60 * 30, status: 'in_progress', reply: 'Reproduced, fix is on the way.' },
      { author: 'demo-maya', kind: 'idea', title: 'Repair kits sold separately', body: 'I would buy a spare pole-repair sleeve and patches.', minutesAgo: 60 * 10, votes: ['demo-priya'] },
      { author: 'demo-maya', kind: 'praise', body: 'Customer service replaced my broken zip in two days. Thank you!', rating: 5, minutesAgo: 60 * 48, status: 'done', reply: 'Thank you Maya, we passed it on to the team!' },
    ],
    checkIns: ['demo-jonas', 'demo-priya'],
  },
};

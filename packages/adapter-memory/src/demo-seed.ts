import type { MemorySeed } from './seed.js';

/**
 * A small, friendly conversation for trying Hearth without a backend: thread `/demo`
 * (replies, reactions, a code block and a link) and a quieter `/blog/hello-world`.
 *
 * @example
 * const adapter = createMemoryAdapter({ seed: demoSeed });
 */
export const demoSeed: MemorySeed = {
  members: [
    { id: 'demo-maya', displayName: 'Maya Chen', role: 'member' },
    { id: 'demo-jonas', displayName: 'Jonas Weber', role: 'member' },
    { id: 'demo-priya', displayName: 'Priya Natarajan', role: 'member' },
    { id: 'demo-sam', displayName: 'Sam (Hearth team)', role: 'moderator' },
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
};

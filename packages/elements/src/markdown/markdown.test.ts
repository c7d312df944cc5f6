import { expect, fixture, html } from '@open-wc/testing';
import { render } from 'lit';
import { MAX_BLOCK_DEPTH } from './blocks.js';
import { MAX_INLINE_DEPTH } from './inline.js';
import { markdownStyles, renderMarkdown } from './index.js';

async function show(source: string): Promise<HTMLElement> {
  const host = await fixture<HTMLElement>(html`<div>${renderMarkdown(source)}</div>`);
  const root = host.querySelector<HTMLElement>('.markdown');
  if (!root) throw new Error('renderMarkdown rendered no .markdown wrapper');
  return root;
}

// Markup of every match, so a failure message shows exactly what was created.
function found(root: Element, selector: string): string[] {
  return [...root.querySelectorAll(selector)].map((element) => element.outerHTML);
}

function text(element: Element | null): string {
  return element?.textContent ?? '';
}

describe('renderMarkdown', () => {
  describe('paragraphs', () => {
    it('splits paragraphs on blank lines', async () => {
      const root = await show('First paragraph.\n\nSecond paragraph.');
      const paragraphs = root.querySelectorAll('p');
      expect(paragraphs).to.have.length(2);
      expect(text(paragraphs[0]!)).to.equal('First paragraph.');
      expect(text(paragraphs[1]!)).to.equal('Second paragraph.');
    });

    it('turns a single newline into a line break', async () => {
      const root = await show('line one\nline two');
      const paragraph = root.querySelector('p')!;
      expect(root.querySelectorAll('p')).to.have.length(1);
      expect(paragraph.querySelectorAll('br')).to.have.length(1);
      expect(paragraph.innerText).to.equal('line one\nline two');
    });

    it('handles Windows line endings', async () => {
      const root = await show('a\r\nb\r\n\r\nc');
      expect(root.querySelectorAll('p')).to.have.length(2);
      expect(root.querySelectorAll('br')).to.have.length(1);
    });
  });

  describe('inline formatting', () => {
    it('renders **bold** and __bold__ as strong', async () => {
      const root = await show('a **one** and __two__');
      const strong = [...root.querySelectorAll('strong')].map((element) => element.textContent);
      expect(strong).to.deep.equal(['one', 'two']);
      expect(text(root)).to.equal('a one and two');
    });

    it('renders *italic* and _italic_ as emphasis', async () => {
      const root = await show('a *one* and _two_');
      const em = [...root.querySelectorAll('em')].map((element) => element.textContent);
      expect(em).to.deep.equal(['one', 'two']);
    });

    it('nests bold and italic', async () => {
      const root = await show('***both*** and **bold with *italic* inside**');
      expect(text(root.querySelector('em > strong, strong > em'))).to.equal('both');
      expect(text(root.querySelector('strong em'))).to.not.equal('');
    });

    it('leaves underscores inside snake_case identifiers alone', async () => {
      const root = await show('call my_long_function_name and read snake_case_words');
      expect(found(root, 'em, strong')).to.deep.equal([]);
      expect(text(root)).to.equal('call my_long_function_name and read snake_case_words');
    });

    it('shows unbalanced markers as typed', async () => {
      const root = await show('**bold *italic _under');
      expect(found(root, 'em, strong')).to.deep.equal([]);
      expect(text(root)).to.equal('**bold *italic _under');
    });

    it('keeps inline code literal', async () => {
      const root = await show('use `**not bold** <b>tag</b> [x](https://a.example)` here');
      const code = root.querySelector('code')!;
      expect(code.textContent).to.equal('**not bold** <b>tag</b> [x](https://a.example)');
      expect(found(root, 'strong, b, a')).to.deep.equal([]);
    });

    it('allows backticks inside code with a longer fence', async () => {
      const root = await show('``a ` b``');
      expect(text(root.querySelector('code'))).to.equal('a ` b');
    });

    it('honours backslash escapes', async () => {
      const root = await show('\\*not italic\\* \\_nor this\\_ \\`nor code\\` \\\\ back');
      expect(found(root, 'em, code')).to.deep.equal([]);
      expect(text(root)).to.equal('*not italic* _nor this_ `nor code` \\ back');
    });

    it('passes Chinese and Japanese text through untouched', async () => {
      const source = '你好，世界！這是繁體中文。日本語のテキスト 🎉';
      const root = await show(source);
      expect(text(root)).to.equal(source);
    });

    it('formats CJK text without spaces around the markers', async () => {
      const root = await show('这是**重要**的，也是*强调*的');
      expect(text(root.querySelector('strong'))).to.equal('重要');
      expect(text(root.querySelector('em'))).to.equal('强调');
      expect(text(root)).to.equal('这是重要的，也是强调的');
    });
  });

  describe('code blocks', () => {
    it('renders a fenced block with its language and literal contents', async () => {
      const source = '```html\n<script>alert(1)</script>\n**not bold** <img src=x onerror=alert(1)>\n```';
      const root = await show(source);
      const code = root.querySelector('pre > code')!;
      expect(code.className).to.equal('language-html');
      expect(code.textContent).to.equal('<script>alert(1)</script>\n**not bold** <img src=x onerror=alert(1)>');
      expect(found(root, 'script, img, strong')).to.deep.equal([]);
    });

    it('omits the class when no language is given and keeps indentation', async () => {
      const root = await show('```\nif (a) {\n  b();\n}\n```');
      const code = root.querySelector('pre > code')!;
      expect(code.hasAttribute('class')).to.equal(false);
      expect(code.textContent).to.equal('if (a) {\n  b();\n}');
    });

    it('runs an unclosed fence to the end of the comment', async () => {
      const root = await show('before\n\n~~~\nstill code\n\nmore code');
      expect(text(root.querySelector('pre'))).to.equal('still code\n\nmore code');
      expect(text(root.querySelector('p'))).to.equal('before');
    });

    it('renders four-space indented code', async () => {
      const root = await show('text\n\n    const x = 1;\n    <b>y</b>');
      expect(text(root.querySelector('pre > code'))).to.equal('const x = 1;\n<b>y</b>');
      expect(found(root, 'b')).to.deep.equal([]);
    });

    it('makes code blocks reachable from the keyboard for scrolling', async () => {
      const root = await show('```\nlong\n```');
      expect(root.querySelector('pre')!.tabIndex).to.equal(0);
    });
  });

  describe('links', () => {
    it('renders [text](url) with safe attributes', async () => {
      const root = await show('read [the docs](https://example.com/docs?a=1&b=2) now');
      const anchors = root.querySelectorAll('a');
      expect(anchors).to.have.length(1);
      const anchor = anchors[0]!;
      expect(anchor.getAttribute('href')).to.equal('https://example.com/docs?a=1&b=2');
      expect(anchor.getAttribute('rel')).to.equal('nofollow ugc noopener');
      expect(anchor.getAttribute('target')).to.equal('_blank');
      expect(anchor.textContent).to.equal('the docs');
    });

    it('allows mailto links and link titles', async () => {
      const root = await show('[mail us](mailto:team@example.com "Write to us")');
      const anchor = root.querySelector('a')!;
      expect(anchor.getAttribute('href')).to.equal('mailto:team@example.com');
      expect(anchor.title).to.equal('Write to us');
    });

    it('accepts an upper-case scheme and leading spaces', async () => {
      const root = await show('[x](  HTTPS://Example.com/Path)');
      expect(root.querySelector('a')!.getAttribute('href')).to.equal('https://example.com/Path');
    });

    it('formats link text', async () => {
      const root = await show('[**bold** `code`](https://example.com)');
      const anchor = root.querySelector('a')!;
      expect(text(anchor.querySelector('strong'))).to.equal('bold');
      expect(text(anchor.querySelector('code'))).to.equal('code');
    });

    it('never nests anchors when link text is itself a URL', async () => {
      const root = await show('[https://shown.example](https://target.example)');
      const anchors = root.querySelectorAll('a');
      expect(anchors).to.have.length(1);
      expect(anchors[0]!.getAttribute('href')).to.equal('https://target.example/');
      expect(anchors[0]!.textContent).to.equal('https://shown.example');
    });

    it('links bare http(s) URLs and leaves trailing punctuation outside', async () => {
      const root = await show('See https://example.com/page. Or http://example.org/x, or (https://example.net/a_(b)).');
      const hrefs = [...root.querySelectorAll('a')].map((anchor) => anchor.getAttribute('href'));
      expect(hrefs).to.deep.equal(['https://example.com/page', 'http://example.org/x', 'https://example.net/a_(b)']);
      expect(text(root)).to.equal('See https://example.com/page. Or http://example.org/x, or (https://example.net/a_(b)).');
      for (const anchor of root.querySelectorAll('a')) {
        expect(anchor.getAttribute('rel')).to.equal('nofollow ugc noopener');
        expect(anchor.getAttribute('target')).to.equal('_blank');
      }
    });

    it('ends a bare URL at CJK punctuation', async () => {
      const root = await show('详见https://example.com/文档。谢谢');
      expect(text(root.querySelector('a'))).to.equal('https://example.com/文档');
      expect(text(root)).to.equal('详见https://example.com/文档。谢谢');
    });

    it('does not italicise underscores inside a bare URL', async () => {
      const root = await show('https://example.com/some_path_here');
      expect(found(root, 'em')).to.deep.equal([]);
      expect(root.querySelector('a')!.getAttribute('href')).to.equal('https://example.com/some_path_here');
    });

    it('shows the address as the text of an empty link', async () => {
      const root = await show('[](https://example.com)');
      expect(text(root.querySelector('a'))).to.equal('https://example.com');
    });

    it('links <https://…> autolinks without showing the brackets', async () => {
      const root = await show('<https://example.com>');
      expect(text(root)).to.equal('https://example.com');
      expect(root.querySelector('a')!.getAttribute('href')).to.equal('https://example.com/');
    });
  });

  describe('hostile input renders inert', () => {
    const refusedLinks = [
      '[click](javascript:alert(1))',
      '[click](JaVaScRiPt:alert(1))',
      '[click](   javascript:alert(1))',
      '[click](\u0001javascript:alert(1))',
      '[click](&#106;avascript:alert(1))',
      '[click](javascript&colon;alert(1))',
      '[click](java\nscript:alert(1))',
      '[click](java&#x09;script:alert(1))',
      '[click](<java\tscript:alert(1)>)',
      '[click](<javascript:alert(1)>)',
      '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
      '[click](vbscript:msgbox(1))',
      '[click](//evil.example/path)',
      '[click](/relative/path)',
    ];
    for (const source of refusedLinks) {
      it(`refuses ${JSON.stringify(source)}`, async () => {
        const root = await show(source);
        expect(found(root, 'a')).to.deep.equal([]);
        expect(text(root)).to.contain('click');
      });
    }

    it('refuses angle autolinks with other schemes', async () => {
      const root = await show('<javascript:alert(1)> <data:text/html,x>');
      expect(found(root, 'a')).to.deep.equal([]);
      expect(text(root)).to.equal('<javascript:alert(1)> <data:text/html,x>');
    });

    it('shows raw HTML as text and creates no elements', async () => {
      const source =
        '<img src=x onerror=alert(1)> <script>alert(1)</script> <a href="javascript:alert(1)">a</a> <iframe src="https://x"></iframe>';
      const root = await show(source);
      expect(found(root, 'img, script, iframe')).to.deep.equal([]);
      expect(text(root)).to.equal(source);
      // Only the https URL inside the markup is linked, like any other URL in prose.
      const hrefs = [...root.querySelectorAll('a')].map((anchor) => anchor.getAttribute('href'));
      expect(hrefs).to.deep.equal(['https://x/']);
    });

    it('never loads images: ![alt](src) stays literal text', async () => {
      const root = await show('![cat](https://example.com/cat.png) and ![x](javascript:alert(1))');
      expect(found(root, 'img, a')).to.deep.equal([]);
      expect(text(root)).to.equal('![cat](https://example.com/cat.png) and ![x](javascript:alert(1))');
    });

    it('sets no event-handler attributes anywhere', async () => {
      const root = await show('[x](https://a.example "\\" onmouseover=alert(1) x=\\"") <b onclick=alert(1)>b</b>');
      for (const element of root.querySelectorAll('*')) {
        for (const attribute of element.attributes) expect(attribute.name.startsWith('on')).to.equal(false);
      }
      expect(root.querySelector('a')!.title).to.equal('" onmouseover=alert(1) x="');
    });

    it('keeps headings and other unsupported syntax as text', async () => {
      const root = await show('# Title\n\n---\n\n| a | b |');
      expect(found(root, 'h1, hr, table')).to.deep.equal([]);
      expect(text(root)).to.contain('# Title');
      expect(text(root)).to.contain('---');
    });
  });

  describe('lists', () => {
    it('renders -, * and + bullet lists', async () => {
      for (const bullet of ['-', '*', '+']) {
        const root = await show(`${bullet} apples\n${bullet} pears`);
        const items = [...root.querySelectorAll('ul > li')].map((item) => item.textContent);
        expect(items).to.deep.equal(['apples', 'pears']);
      }
    });

    it('renders ordered lists and keeps their start number', async () => {
      const root = await show('1. one\n2. two\n\n3. wait, three?\n\n---\n\n7. seven\n8. eight');
      const lists = root.querySelectorAll('ol');
      expect(lists).to.have.length(2);
      expect(lists[0]!.hasAttribute('start')).to.equal(false);
      expect(lists[0]!.querySelectorAll('li')).to.have.length(3);
      expect(lists[1]!.getAttribute('start')).to.equal('7');
    });

    it('starts a list right after a paragraph line', async () => {
      const root = await show('Shopping:\n- milk\n- eggs');
      expect(text(root.querySelector('p'))).to.equal('Shopping:');
      expect(root.querySelectorAll('ul > li')).to.have.length(2);
    });

    it('nests a list indented by two or more spaces', async () => {
      const root = await show('- fruit\n  - apple\n  - pear\n- veg\n\n1. step\n   - detail');
      const outer = root.querySelector('ul')!;
      expect(outer.querySelectorAll(':scope > li')).to.have.length(2);
      const nested = outer.querySelectorAll(':scope > li:first-child > ul > li');
      expect([...nested].map((item) => item.textContent)).to.deep.equal(['apple', 'pear']);
      expect(text(root.querySelector('ol > li > ul > li'))).to.equal('detail');
    });

    it('formats list item text', async () => {
      const root = await show('- **bold** item with [a link](https://example.com)');
      const item = root.querySelector('li')!;
      expect(text(item.querySelector('strong'))).to.equal('bold');
      expect(found(item, 'a')).to.not.be.empty;
    });

    it('keeps thematic breaks such as * * * as text', async () => {
      const root = await show('* * *\n\n- - -');
      expect(found(root, 'ul, hr')).to.deep.equal([]);
      expect(text(root)).to.equal('* * *- - -');
    });

    it('wraps items of a loose list in paragraphs and keeps later paragraphs inside the item', async () => {
      const root = await show('- one\n\n  more\n- two\nlazy');
      expect(root.querySelectorAll('ul > li')).to.have.length(2);
      expect(root.querySelectorAll('ul > li:first-child > p')).to.have.length(2);
      expect(text(root.querySelector('li:last-child'))).to.equal('twolazy');
    });

    it('does not read a year at the start of a wrapped line as a list', async () => {
      const root = await show('It all began in\n2024. Then more happened.');
      expect(found(root, 'ol')).to.deep.equal([]);
    });
  });

  describe('block quotes', () => {
    it('renders a multi-line quote as one blockquote', async () => {
      const root = await show('> first line\n> second line\n\nafter');
      const quotes = root.querySelectorAll('blockquote');
      expect(quotes).to.have.length(1);
      expect(quotes[0]!.querySelectorAll('br')).to.have.length(1);
      expect(quotes[0]!.textContent).to.equal('first linesecond line');
      expect(text(root.querySelector(':scope > p'))).to.equal('after');
    });

    it('continues a quoted paragraph on lines without >', async () => {
      const root = await show('> quoted\nstill quoted\n\nafter');
      expect(text(root.querySelector('blockquote'))).to.equal('quotedstill quoted');
      expect(text(root.querySelector(':scope > p'))).to.equal('after');
    });

    it('nests quotes and formats inside them', async () => {
      const root = await show('> outer *said*\n>\n>> inner `code`');
      expect(text(root.querySelector('blockquote > p > em'))).to.equal('said');
      expect(text(root.querySelector('blockquote blockquote code'))).to.equal('code');
    });

    it('caps nesting depth and keeps the deepest text visible', async () => {
      const root = await show(`${'>'.repeat(1000)} deep`);
      const depth = root.querySelectorAll('blockquote').length;
      expect(depth).to.be.greaterThan(0);
      expect(depth).to.be.at.most(MAX_BLOCK_DEPTH);
      expect(text(root)).to.contain('deep');
    });
  });

  describe('robustness', () => {
    const pathological: Record<string, string> = {
      'ten thousand asterisks': '*'.repeat(10_000),
      'five thousand open brackets': '['.repeat(5_000),
      'alternating underscores': '_a'.repeat(5_000),
      'unclosed link tails': '[a]('.repeat(2_500),
      'unmatched backticks': 'a`'.repeat(5_000),
      'nested lists': '- '.repeat(5_000),
      'angle brackets': '<https:'.repeat(1_500),
      'escapes': '\\'.repeat(10_000),
    };
    for (const [name, source] of Object.entries(pathological)) {
      it(`renders ${name} without throwing or losing text`, async () => {
        const root = await show(source);
        const visible = text(root).replace(/\s/g, '');
        expect(visible.length).to.be.greaterThan(0);
        // Markers may be consumed, but every letter the user typed is still there.
        expect(visible.split('a').length).to.equal(source.split('a').length);
      });
    }

    it('caps emphasis nesting without dropping words', async () => {
      const source = `${'*a '.repeat(2_000)}${'a* '.repeat(2_000)}`;
      const root = await show(source);
      const tooDeep = ':is(em, strong) '.repeat(MAX_INLINE_DEPTH + 1).trim();
      expect(found(root, tooDeep)).to.deep.equal([]);
      expect(found(root, 'em')).to.not.be.empty;
      expect(text(root).split('a').length).to.equal(4_001);
    });
  });

  describe('markdownStyles', () => {
    it('scrolls code sideways, borders quotes and follows --community-* tokens', async () => {
      const host = await fixture<HTMLElement>(
        html`<div style="width: 200px; --community-color-code-bg: rgb(1, 2, 3)"></div>`,
      );
      const shadow = host.attachShadow({ mode: 'open' });
      shadow.adoptedStyleSheets = [markdownStyles.styleSheet!];
      render(renderMarkdown(`\`\`\`\n${'x'.repeat(500)}\n\`\`\`\n\n> quoted`), shadow);
      const pre = shadow.querySelector('pre')!;
      expect(getComputedStyle(pre).overflowX).to.equal('auto');
      expect(pre.scrollWidth).to.be.greaterThan(pre.clientWidth);
      expect(pre.getBoundingClientRect().width).to.be.at.most(200);
      expect(getComputedStyle(pre).backgroundColor).to.equal('rgb(1, 2, 3)');
      const quote = shadow.querySelector('blockquote')!;
      expect(getComputedStyle(quote).borderLeftWidth).to.equal('3px');
      expect(getComputedStyle(quote).borderLeftStyle).to.equal('solid');
    });
  });
});

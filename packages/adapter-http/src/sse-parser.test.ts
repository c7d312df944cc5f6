import { describe, expect, it } from 'vitest';
import { SseParser, type SseMessage } from './sse-parser.js';

function parse(chunks: string[], lastEventId?: string): { messages: SseMessage[]; parser: SseParser } {
  const messages: SseMessage[] = [];
  const parser = new SseParser((m) => messages.push(m), lastEventId);
  for (const chunk of chunks) parser.push(chunk);
  return { messages, parser };
}

describe('SseParser', () => {
  it('dispatches an event at a blank line, joining data lines with line feeds', () => {
    const { messages } = parse(['id: 1\ndata: {"a":\ndata: 1}\n\n']);
    expect(messages).toEqual([{ data: '{"a":\n1}', event: 'message', id: '1' }]);
  });

  it('takes LF, CRLF and CR line ends, even split across chunks', () => {
    const { messages } = parse(['data: a\r', '\n\r', '\ndata: b\r\rdata: c\n', '\n']);
    expect(messages.map((m) => m.data)).toEqual(['a', 'b', 'c']);
  });

  it('reassembles a line cut anywhere, surrogate pairs included', () => {
    const text = 'id: é1\ndata: 你好 👍\n\n';
    for (let cut = 1; cut < text.length; cut++) {
      const { messages } = parse([text.slice(0, cut), text.slice(cut)]);
      expect(messages, `cut at ${cut}`).toEqual([{ data: '你好 👍', event: 'message', id: 'é1' }]);
    }
  });

  it('ignores comments (pings), unknown fields and an event without data', () => {
    const { messages } = parse([': ping\n\nfoo: bar\n\nevent: x\n\ndata\n\n']);
    expect(messages).toEqual([{ data: '', event: 'message', id: '' }]);
  });

  it('strips one space after the colon only, and a leading BOM', () => {
    const { messages } = parse(['\uFEFFdata:  two spaces\ndata:none\n\n']);
    expect(messages[0]!.data).toBe(' two spaces\nnone');
  });

  it('keeps the last event id across events and for a reconnect, ignoring ids with NUL', () => {
    const { messages, parser } = parse(['id: 5\ndata: a\n\ndata: b\n\nid: x\0y\ndata: c\n\nid: 9\n\n'], '4');
    expect(messages.map((m) => m.id)).toEqual(['5', '5', '5']);
    expect(parser.lastEventId).toBe('9');
    expect(parse([]).parser.lastEventId).toBe('');
    expect(parse([], '4').parser.lastEventId).toBe('4');
  });

  it('reads retry: as milliseconds, and only when it is all digits', () => {
    expect(parse(['retry: 2500\n\n']).parser.retry).toBe(2500);
    expect(parse(['retry: 2.5\n\n']).parser.retry).toBeUndefined();
  });

  it('keeps the event type and drops an event cut off by the end of the stream', () => {
    const { messages } = parse(['event: ping\ndata: 1\n\ndata: cut']);
    expect(messages).toEqual([{ data: '1', event: 'ping', id: '' }]);
  });
});

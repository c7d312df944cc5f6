/** One dispatched Server-Sent Event. */
export interface SseMessage {
  /** The `data:` lines, joined with line feeds. */
  data: string;
  /** The `event:` field, `message` when absent. */
  event: string;
  /** The last event id seen so far on the stream (it carries over events without `id:`). */
  id: string;
}

// Lines end in CRLF, LF or CR (the spec allows all three, even mixed in one stream).
const EOL = /\r\n|\r|\n/g;

/**
 * An incremental parser of `text/event-stream`, per the HTML spec's interpretation rules.
 * Feed it decoded text in chunks of any size; it calls `onMessage` for each complete event.
 * Comments (`: ping`) dispatch nothing; an event cut off by the end of the stream is dropped.
 */
export class SseParser {
  /** The last event id buffer: what a reconnect sends as `Last-Event-ID`. */
  lastEventId: string;
  /** The reconnection time the server asked for with `retry:`, in milliseconds. */
  retry: number | undefined;
  #onMessage: (message: SseMessage) => void;
  #rest = '';
  #atStart = true;
  #data: string[] = [];
  #event = '';

  constructor(onMessage: (message: SseMessage) => void, lastEventId = '') {
    this.#onMessage = onMessage;
    this.lastEventId = lastEventId;
  }

  /** Parses the next chunk of the stream. */
  push(chunk: string): void {
    let text = this.#rest + chunk;
    if (this.#atStart && text) {
      this.#atStart = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    let start = 0;
    EOL.lastIndex = 0;
    for (let match = EOL.exec(text); match; match = EOL.exec(text)) {
      // A CR at the very end may be the first half of a CRLF split across chunks.
      if (match[0] === '\r' && match.index === text.length - 1) break;
      this.#line(text.slice(start, match.index));
      start = EOL.lastIndex;
    }
    this.#rest = text.slice(start);
  }

  #line(line: string): void {
    if (line === '') return this.#dispatch();
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.#data.push(value);
    else if (field === 'event') this.#event = value;
    else if (field === 'id' && !value.includes('\0')) this.lastEventId = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.retry = Number(value);
  }

  #dispatch(): void {
    const data = this.#data;
    const event = this.#event || 'message';
    this.#data = [];
    this.#event = '';
    if (data.length) this.#onMessage({ data: data.join('\n'), event, id: this.lastEventId });
  }
}

import './test-polyfill.js';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { createMemoryAdapter } from '@hearth/adapter-memory';
import type { CommentPage, CommunityEvent, Post, Session } from '@hearth/protocol';

/** The server every test talks to; msw answers for it. */
export const BASE = 'https://community.test';

/** The mock network: handlers per test (`server.use`), reset after each; unhandled requests fail. */
export const server = setupServer();

/** Starts the mock network for this test file. */
export function useServer(): void {
  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
}

/** Real answers, made by the memory adapter so they match the protocol exactly. */
export async function fixtures(): Promise<{ post: Post; page: CommentPage; session: Session }> {
  const memory = createMemoryAdapter();
  const viewer = { id: 'ada', displayName: 'Ada' };
  const post = await memory.createComment({ threadKey: '/a', body: 'Hello', idempotencyKey: 'fixture-key-1' }, { viewer });
  const page = await memory.listComments({ threadKey: '/a' }, { viewer: null });
  const session = await memory.getSession({ viewer: null });
  return { post, page, session };
}

/** A valid event for a channel. */
export function reaction(channel: string, id: string): CommunityEvent {
  return { type: 'reaction.changed', id, channel, postId: 'p1', emoji: '👍', count: 1, memberId: 'm1', active: true };
}

/** One event stream the adapter opened, driven by the test. */
export interface StreamConnection {
  request: Request;
  channels: string[];
  lastEventId: string | null;
  /** Sends raw text/event-stream text. */
  send(text: string): void;
  /** Sends one event with its id. */
  event(event: CommunityEvent): void;
  /** Ends the stream from the server's side (a drop). */
  end(): void;
  /** True once the adapter closed it. */
  readonly closed: boolean;
}

/** Serves `/v1/events`, keeping every connection the adapter opens (in order). */
export function serveEvents(): StreamConnection[] {
  const connections: StreamConnection[] = [];
  const encoder = new TextEncoder();
  server.use(
    http.get(`${BASE}/v1/events`, ({ request }) => {
      let controller!: ReadableStreamDefaultController<Uint8Array>;
      let closed = false;
      const stream = new ReadableStream<Uint8Array>({
        start: (c) => void (controller = c),
        cancel: () => void (closed = true),
      });
      request.signal.addEventListener('abort', () => void (closed = true));
      const url = new URL(request.url);
      const connection: StreamConnection = {
        request,
        channels: url.searchParams.getAll('channel'),
        lastEventId: request.headers.get('last-event-id'),
        send: (text) => controller.enqueue(encoder.encode(text)),
        event: (event) => controller.enqueue(encoder.encode(`id: ${event.id}\ndata: ${JSON.stringify(event)}\n\n`)),
        end: () => controller.close(),
        get closed() {
          return closed;
        },
      };
      connections.push(connection);
      return new HttpResponse(stream, { headers: { 'content-type': 'text/event-stream' } });
    }),
  );
  return connections;
}

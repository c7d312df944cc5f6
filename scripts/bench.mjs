// `npm run bench`: loads the Hearth server on loopback with autocannon and prints thread-read
// and comment-create throughput and latency on PGlite and on PostgreSQL, against the targets
// the server is held to on PostgreSQL. A report, not a test: it exits 0 whatever the figures.
//
// The server runs in this process (built from source); autocannon runs in a child process so
// the two do not share one event loop. PostgreSQL: DATABASE_URL, else the tests' database
// (postgres://postgres@127.0.0.1:5432/test), in the public schema under a community of its own.
// BENCH_SECONDS sets each run's length (10 by default); BENCH_ONLY=pglite|postgres runs one;
// BENCH_RATE sets the paced run's rate (the target, 1000/s, by default); BENCH_MEMBERS how many
// members take turns (2,000 by default, see MEMBERS);
// BENCH_SCENARIOS=baseline,creates (a comma-separated subset of baseline, anonymous, reads, creates, paced) runs those.
// `GET /healthz` is the baseline: the HTTP stack alone, what this machine can do at best.
// Thread reads run twice: signed out (pages every signed-out reader shares, which the server
// keeps until an event changes them) and signed in (read from the database every time).
// Comment creates run twice: as fast as 50 connections can send them (the server's ceiling;
// latency there is mostly queueing), then offered at the target rate (an evenly spaced
// open-loop sender, see `paced`), which is what the p99 target is
// about: how fast a create is answered when 1,000 arrive each second.
// `--profile` also counts the SQL statements each create and read sends to PostgreSQL.
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A positive number from the environment, or `fallback`; anything else stops the bench with the variable named. */
function positive(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!(value > 0) || !Number.isFinite(value)) throw new Error(`${name} must be a positive number, not "${raw}".`);
  return value;
}

const SECONDS = positive('BENCH_SECONDS', 10);
const CONNECTIONS = 50;
// Each member posts under 100 times a minute even at 1,800 creates a second: the most a
// member's record keeps for the repeat and rate rules (KEPT_CREATES in the engine). With 300,
// the paced run had every member posting about 200 a minute on top of the run before it, so
// every create also read that member's minute of the activity log (5 statements, not 4), a
// path only staff or a community allowing over 100 posts a minute takes, and runs fell behind.
const MEMBERS = Math.ceil(positive('BENCH_MEMBERS', 2000));
const SEEDED = 50;
const REACTIONS_PER_COMMENT = 3;
const SECRET = randomBytes(24).toString('hex');
const UNLIMITED = { capacity: 1e9, refillPerSecond: 1e9 };
// The community's own flood rule (5 posts a minute per member by default) would refuse most creates.
const FLOOD = { duplicateWindowMs: 0, maxPostsPerMinute: 1e6 };
const SCENARIOS = (process.env.BENCH_SCENARIOS ?? 'baseline,anonymous,reads,creates,paced').split(',').map((s) => s.trim());
const TARGETS = { reads: { rps: 5000 }, creates: { rps: 1000, p99: 50 } };
// The rate the paced run offers; BENCH_RATE changes it (to see latency at a load this machine keeps up with).
const RATE = positive('BENCH_RATE', TARGETS.creates.rps);
const WARM_UP_SECONDS = 5;

/** The child: one autocannon run as the parent describes it on IPC; the summary goes back. */
async function load() {
  const { default: autocannon } = await import('autocannon');
  process.once('message', async ({ url, community, tokens, scenario, threadKey, seconds, rate }) => {
    let n = 0;
    const headers = (token) => ({ 'hearth-community': community, authorization: `Bearer ${token}`, 'content-type': 'application/json' });
    const request =
      scenario === 'baseline'
        ? { method: 'GET', path: '/healthz' }
        : scenario === 'reads'
        ? { method: 'GET', path: `/v1/listComments?input=${encodeURIComponent(JSON.stringify({ threadKey }))}`, setupRequest: (req) => ({ ...req, headers: headers(tokens[n++ % tokens.length]) }) }
        : scenario === 'anonymous'
        ? { method: 'GET', path: `/v1/listComments?input=${encodeURIComponent(JSON.stringify({ threadKey }))}`, headers: { 'hearth-community': community } }
        : {
            method: 'POST',
            path: '/v1/createComment',
            setupRequest: (req) => {
              const i = n++;
              const body = JSON.stringify({ threadKey, body: `Bench comment ${i}`, idempotencyKey: `bench-${process.pid}-${i}` });
              return { ...req, headers: headers(tokens[i % tokens.length]), body };
            },
          };
    if (rate) {
      process.send(await paced({ url, rate, seconds, create: (i) => ({ headers: headers(tokens[i % tokens.length]), body: JSON.stringify({ threadKey, body: `Paced comment ${i}`, idempotencyKey: `paced-${process.pid}-${i}` }) }) }));
      process.disconnect();
      return;
    }
    const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds, requests: [request] });
    process.send({ rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.timeouts, non2xx: result.non2xx, total: result.requests.total });
    process.disconnect();
  });
}

/**
 * Comment creates offered open-loop at `rate` a second, evenly spaced (autocannon's own rate
 * options fire every connection in the same instant, a burst of 50 each tick, which measures
 * the burst rather than the server). Latency counts from when a request was due, not when it
 * went out, so a server falling behind shows as latency (no coordinated omission). The first
 * `WARM_UP_SECONDS` climb from a fifth of the rate to all of it and are not counted: a server
 * just started is still compiling its hot paths and opening connections.
 *
 * Requests go out over `SOCKETS` keep-alive connections as plain HTTP/1.1 text, one at a time
 * each, to the first idle one (a request due while all are busy waits, and its wait counts).
 * The sender shares the machine's cores with the server: node:http's client took about twice
 * autocannon's CPU per request (a fifth of a core at 900/s), which the server then lacked.
 */
async function paced({ url, rate, seconds, create }) {
  const { connect } = await import('node:net');
  const SOCKETS = 128;
  const target = new URL(url);
  const latencies = [];
  let errors = 0;
  let non2xx = 0;
  let warm = Infinity;
  /** Requests due with no idle connection yet: [i, due, done]. */
  const waiting = [];
  const idle = [];
  /** One keep-alive connection reading one response at a time (content-length or chunked). */
  const open = () => {
    const socket = connect({ host: target.hostname, port: Number(target.port), noDelay: true });
    raw.push(socket);
    let buffer = Buffer.alloc(0);
    let current = null;
    socket.on('data', (chunk) => {
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
      for (;;) {
        const headEnd = buffer.indexOf('\r\n\r\n');
        if (headEnd < 0 || !current) return;
        const head = buffer.subarray(0, headEnd).toString('latin1');
        const status = Number(head.slice(9, 12));
        const length = /\r\ncontent-length: *(\d+)/i.exec(head);
        let total;
        if (length) total = headEnd + 4 + Number(length[1]);
        else {
          // Chunked: complete once the zero-length chunk and its blank line have arrived.
          const last = buffer.indexOf('\r\n0\r\n\r\n', headEnd);
          if (last < 0) return;
          total = last + 7;
        }
        if (buffer.length < total) return;
        buffer = buffer.subarray(total);
        const [i, due, done] = current;
        current = null;
        if (i >= warm) latencies.push(performance.now() - due);
        if (status < 200 || status > 299) non2xx++;
        done();
        next(connection);
      }
    });
    const connection = {
      send(request) {
        current = request;
        const [i] = request;
        const { headers, body } = create(i);
        const lines = Object.entries({ ...headers, host: target.host, 'content-length': Buffer.byteLength(body) }).map(([name, value]) => `${name}: ${value}\r\n`);
        socket.write(`POST /v1/createComment HTTP/1.1\r\n${lines.join('')}\r\n${body}`);
      },
    };
    socket.on('error', () => {});
    socket.on('close', () => {
      if (current) {
        errors++;
        current[2]();
        current = null;
      }
      const at = idle.indexOf(connection);
      if (at >= 0) idle.splice(at, 1);
      if (!closing) next(open());
    });
    return connection;
  };
  /** `connection` is free: it takes the oldest waiting request, or waits itself. */
  const next = (connection) => {
    const request = waiting.shift();
    if (request) connection.send(request);
    else idle.push(connection);
  };
  let closing = false;
  const raw = [];
  for (let n = 0; n < SOCKETS; n++) idle.push(open());
  const start = performance.now() + 50;
  const warmUntil = start + WARM_UP_SECONDS * 1000;
  const end = warmUntil + seconds * 1000;
  const sent = [];
  let unanswered = 0;
  let behind = false;
  let due = start;
  for (let i = 0; due < end; i++) {
    if (due >= warmUntil && warm === Infinity) warm = i;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    // A second's worth still unanswered: the server cannot keep up, and offering more only queues.
    if (unanswered > rate) {
      behind = true;
      break;
    }
    unanswered++;
    sent.push(
      new Promise((done) => {
        const request = [i, due, done];
        const connection = idle.pop();
        if (connection) connection.send(request);
        else waiting.push(request);
      }).then(() => unanswered--),
    );
    // The warm-up climbs from a fifth of the rate to all of it; then the rate holds.
    const climbed = Math.min(1, (due - start) / (warmUntil - start));
    due += 1000 / (due < warmUntil ? rate * (0.2 + 0.8 * climbed) : rate);
  }
  await Promise.all(sent);
  const elapsed = (performance.now() - warmUntil) / 1000;
  closing = true;
  for (const socket of raw) socket.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
  return { rps: latencies.length / elapsed, p50: at(0.5), p99: at(0.99), errors, non2xx, total: latencies.length, behind };
}

/** One autocannon run in a child process. */
function run(options) {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--load'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', resolve);
    child.once('error', reject);
    child.once('exit', (code) => code && reject(new Error(`the load generator exited with ${code}`)));
    child.send({ ...options, seconds: SECONDS });
  });
}

/** Counts the statements sent through node-postgres (pool queries go through Client#query). */
function countPostgresQueries() {
  const pg = createRequire(import.meta.url)('pg');
  const original = pg.Client.prototype.query;
  const counter = { count: 0 };
  pg.Client.prototype.query = function (...args) {
    counter.count++;
    return original.apply(this, args);
  };
  return { counter, restore: () => (pg.Client.prototype.query = original) };
}

async function benchOne(api, kind, profile) {
  const community = `bench-${randomBytes(4).toString('hex')}`;
  const dataDir = kind === 'pglite' ? mkdtempSync(join(tmpdir(), 'hearth-bench-')) : undefined;
  const env = { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', HEARTH_DATA_DIR: dataDir ?? join(tmpdir(), 'hearth-bench-unused') };
  if (kind === 'postgres') env.DATABASE_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
  const base = api.loadConfig({ env });
  const config = { ...base, rateLimits: { write: UNLIMITED, read: UNLIMITED, guest: UNLIMITED }, communities: [{ id: community, name: community, auth: { secret: SECRET, trustRole: false }, guests: false, origins: ['*'], adminKeys: [], settings: { flood: FLOOD } }] };
  const server = await api.startServer({ config });
  const rows = [];
  const notes = [];
  try {
    const engine = server.hearth.engine(community);
    const tokens = await Promise.all(Array.from({ length: MEMBERS }, (_, i) => api.signMemberToken(SECRET, { sub: `m${i}`, name: `Member ${i}` }, 3600)));
    for (let i = 0; i < SEEDED; i++) {
      const post = await engine.createComment({ threadKey: '/bench', body: `Seeded comment ${i} with a little **Markdown**.`, idempotencyKey: `seed-${community}-${i}` }, { id: `m${i}`, displayName: `Member ${i}`, role: 'member' });
      // Reactions from a few readers each, so signed-in reads show each reader their own.
      for (let r = 1; r <= REACTIONS_PER_COMMENT; r++) {
        const reader = (i * REACTIONS_PER_COMMENT + r) % MEMBERS;
        await engine.toggleReaction({ postId: post.id, emoji: '👍' }, { id: `m${reader}`, displayName: `Member ${reader}`, role: 'member' });
      }
    }
    const common = { url: server.url, community, tokens };
    // The paced run checks the PostgreSQL target; PGlite, one writer at a time, is not held to it.
    for (const scenario of SCENARIOS.filter((s) => s !== 'paced' || kind === 'postgres')) {
      const writes = scenario === 'creates' || scenario === 'paced';
      const result = await run({ ...common, scenario: scenario === 'paced' ? 'creates' : scenario, threadKey: writes ? '/bench-writes' : '/bench', rate: scenario === 'paced' ? RATE : 0 });
      rows.push({ database: kind, scenario, ...result });
    }
    if (profile && kind === 'postgres') notes.push(await profileCreates(server, community, tokens));
  } finally {
    // Creates still queued when the load stops are let finish before the database closes.
    await server.close(60_000);
    if (kind === 'postgres') await removeCommunity(env.DATABASE_URL, community);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
  return { rows, notes };
}

/**
 * Deletes the bench community's rows from every table that has them (PostgreSQL outlives the
 * run), then vacuums those tables: a run leaves hundreds of thousands of dead rows (1.2 GB
 * after a morning of runs here), and until autovacuum gets to them the next run inserts into
 * bloated indexes.
 */
async function removeCommunity(url, community) {
  const pg = createRequire(import.meta.url)('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query("SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'community'");
    for (const { table_name: table } of tables.rows) await client.query(`DELETE FROM "${table}" WHERE community = $1`, [community]);
    for (const { table_name: table } of tables.rows) await client.query(`VACUUM "${table}"`);
  } finally {
    await client.end();
  }
}

/** SQL statements per create and per read, measured one request at a time. */
async function profileCreates(server, community, tokens) {
  const { counter, restore } = countPostgresQueries();
  const headers = { 'hearth-community': community, authorization: `Bearer ${tokens[0]}`, 'content-type': 'application/json' };
  const N = 50;
  try {
    // Creates the load left in flight are still being answered: wait until no statement goes out for a while.
    for (let last = -1; last !== counter.count; ) {
      last = counter.count;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    counter.count = 0;
    for (let i = 0; i < N; i++) {
      await fetch(`${server.url}/v1/createComment`, { method: 'POST', headers, body: JSON.stringify({ threadKey: '/profile', body: `Profiled ${i}`, idempotencyKey: `profile-${community}-${i}` }) });
    }
    const perCreate = counter.count / N;
    counter.count = 0;
    const input = encodeURIComponent(JSON.stringify({ threadKey: '/bench' }));
    for (let i = 0; i < N; i++) await fetch(`${server.url}/v1/listComments?input=${input}`, { headers });
    return `PostgreSQL statements per request (BEGIN/COMMIT included): create ${perCreate.toFixed(1)}, thread read ${(counter.count / N).toFixed(1)}`;
  } finally {
    restore();
  }
}

const pad = (value, width) => String(value).padEnd(width);
const ms = (value) => `${value} ms`;

function verdict(row) {
  if (row.database !== 'postgres' || row.scenario === 'baseline') return '';
  if (row.scenario === 'reads' || row.scenario === 'anonymous') return row.rps >= TARGETS.reads.rps ? 'ok' : `BELOW (target ≥ ${TARGETS.reads.rps} req/s)`;
  if (row.scenario === 'creates') return row.rps >= TARGETS.creates.rps ? 'ok' : `BELOW (target ≥ ${TARGETS.creates.rps} req/s)`;
  // Offered at the target rate: the server must keep up and answer fast.
  const fast = RATE >= TARGETS.creates.rps && !row.behind && row.rps >= RATE * 0.97 && row.p99 < TARGETS.creates.p99;
  const why = row.behind ? `fell behind: over ${RATE} unanswered, sending stopped; ` : '';
  return fast ? 'ok' : `BELOW (${why}target: keeps up with ${TARGETS.creates.rps} req/s, p99 < ${TARGETS.creates.p99} ms)`;
}

async function main() {
  const profile = process.argv.includes('--profile');
  // Measured as deployed: production leaves out the development check on nested transactions (see openPostgres).
  process.env.NODE_ENV ??= 'production';
  const { loadServer } = await import('./server-bundle.mjs');
  const api = await loadServer();
  const kinds = process.env.BENCH_ONLY ? [process.env.BENCH_ONLY] : ['pglite', 'postgres'];
  console.log(`Hearth server bench (NODE_ENV=${process.env.NODE_ENV}): ${SECONDS} s per run, ${CONNECTIONS} connections, ${MEMBERS} members, a thread of ${SEEDED} comments with ${REACTIONS_PER_COMMENT} reactions each.\n`);
  const rows = [];
  const notes = [];
  for (const kind of kinds) {
    try {
      const result = await benchOne(api, kind, profile);
      rows.push(...result.rows);
      notes.push(...result.notes);
    } catch (error) {
      notes.push(`${kind}: could not run (${error.message})`);
    }
  }
  const header = `${pad('database', 10)}${pad('scenario', 26)}${pad('req/s', 9)}${pad('p50', 9)}${pad('p99', 9)}${pad('errors/non-2xx', 16)}target`;
  console.log(header);
  console.log('-'.repeat(header.length + 20));
  for (const row of rows) {
    const name = { baseline: 'GET /healthz', anonymous: 'thread reads, signed out', reads: 'thread reads, signed in', creates: 'comment creates', paced: `creates at ${RATE}/s` }[row.scenario];
    console.log(`${pad(row.database, 10)}${pad(name, 26)}${pad(Math.round(row.rps), 9)}${pad(ms(row.p50), 9)}${pad(ms(row.p99), 9)}${pad(`${row.errors}/${row.non2xx}`, 16)}${verdict(row)}`);
  }
  for (const note of notes) console.log(`\n${note}`);
}

if (process.argv[2] === '--load') await load();
else await main();

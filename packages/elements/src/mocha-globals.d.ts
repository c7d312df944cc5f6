// The browser tests run under web-test-runner's Mocha, which provides these as globals.
// @types/mocha is not installed (and would clash with vitest's globals elsewhere), so
// the few we use are declared here for the type check.
type MochaDone = (error?: unknown) => void;
type MochaCallback = (this: unknown, done: MochaDone) => void | PromiseLike<unknown>;

declare function describe(title: string, body: () => void): void;
declare function it(title: string, body: MochaCallback): void;
declare function before(body: MochaCallback): void;
declare function after(body: MochaCallback): void;
declare function beforeEach(body: MochaCallback): void;
declare function afterEach(body: MochaCallback): void;

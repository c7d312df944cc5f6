import type * as z from 'zod';

/**
 * A configuration problem found at start. The message names the source (`hearth.config.json`,
 * an environment variable) and the exact key, so an operator can fix it without reading code.
 *
 * @example
 * // hearth.config.json: communities[1].origins[0]: "ftp://x" is not an http(s) origin
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  /** Every problem found; `message` lists them one per line, the first on the first line. */
  readonly problems: string[];

  constructor(problems: string[]) {
    super(problems.join('\n'));
    this.problems = problems;
  }
}

/** `communities[1].origins[0]`-style path for a zod issue path. */
export function keyPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

/** One line per zod issue, each prefixed with `source` and the key path. */
export function describeIssues(source: string, issues: ReadonlyArray<z.core.$ZodIssue>): string[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => `${source}: ${keyPath([...issue.path, key])}: unknown key (check its spelling)`);
    }
    const where = issue.path.length ? keyPath(issue.path) : '(top level)';
    const missing = issue.code === 'invalid_type' && issue.message.endsWith('received undefined');
    return [`${source}: ${where}: ${missing ? `is required (${issue.message.replace(/^Invalid input: |, received undefined$/g, '')})` : issue.message}`];
  });
}

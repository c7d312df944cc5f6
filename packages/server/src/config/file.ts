// Finds, reads and checks `hearth.config.json`.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError, describeIssues } from './error.js';
import { ConfigFile } from './schema.js';

/** The checked file, the name it is reported under and its path; null when there is none. */
export interface LoadedFile {
  source: string;
  path: string;
  content: ConfigFile;
}

/**
 * Reads the file `HEARTH_CONFIG` names (missing is an error), else `<cwd>/hearth.config.json`
 * when it exists. Throws `ConfigError` for unreadable files, invalid JSON (with line and column)
 * and every key that breaks the schema.
 */
export function readConfigFile(named: string | undefined, cwd: string): LoadedFile | null {
  const path = named ? resolve(cwd, named) : resolve(cwd, 'hearth.config.json');
  const source = named ?? 'hearth.config.json';
  if (!named && !existsSync(path)) return null;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? `no such file (${path})` : `cannot be read (${code ?? String(error)})`;
    throw new ConfigError([`HEARTH_CONFIG: ${JSON.stringify(named)}: ${why}`]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError([`${source}: not valid JSON ${where(text, (error as Error).message)}: ${(error as Error).message}`]);
  }
  const result = ConfigFile.safeParse(json);
  if (!result.success) throw new ConfigError(describeIssues(source, result.error.issues));
  return { source, path, content: result.data };
}

/** `at line 3, column 7` from the position in V8's JSON error message. */
function where(text: string, message: string): string {
  const match = /position (\d+)/.exec(message);
  if (!match) return 'at the end of the file';
  const before = text.slice(0, Number(match[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `at line ${line}, column ${column}`;
}

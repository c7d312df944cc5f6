// `hearth-server`: the server from the environment and an optional hearth.config.json.
import cluster from 'node:cluster';
import { loadConfig, ConfigError } from './config/index.js';
import { startServer } from './server.js';
import type { ServerConfig } from './contracts.js';

/**
 * Reads the config, listens, and shuts down gracefully on SIGINT or SIGTERM; a bad config
 * exits with its message. With `workers` above 1 this process forks that many workers that
 * share the port (node:cluster), replaces one that dies, and passes a stop signal on to all.
 */
export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  let config: ServerConfig;
  try {
    config = loadConfig({ env });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`hearth-server: the configuration is not valid.\n${error.message}`);
    process.exitCode = 1;
    return;
  }
  if (config.workers > 1 && cluster.isPrimary) return supervise(config.workers);

  const server = await startServer({ config });
  const stop = (signal: string) => {
    server.hearth.logger.info({ signal }, 'signal received');
    void server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        server.hearth.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

/** Keeps `count` workers running until told to stop, then waits for each to shut down. */
function supervise(count: number): void {
  let stopping = false;
  const fork = () => cluster.fork();
  for (let i = 0; i < count; i++) fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    console.error(`hearth-server: worker ${worker.process.pid} ended (${signal ?? code}); starting another.`);
    fork();
  });
  const stop = (signal: NodeJS.Signals) => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

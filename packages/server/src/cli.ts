// `hearth-server`: the server from the environment and an optional hearth.config.json.
import { loadConfig, ConfigError } from './config/index.js';
import { startServer } from './server.js';

/** Reads the config, listens, and shuts down gracefully on SIGINT or SIGTERM; a bad config exits with its message. */
export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  let config;
  try {
    config = loadConfig({ env });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`hearth-server: the configuration is not valid.\n${error.message}`);
    process.exitCode = 1;
    return;
  }
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

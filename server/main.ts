import { existsSync } from 'node:fs';
import { createService } from './app';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';

/** Entry point of `npm start`: parse configuration once, wire the service, listen, and shut down gracefully. */
async function main(): Promise<void> {
  let config;
  try {
    // Values already in the environment win over the file (Node's own loader never overwrites them).
    if (existsSync('.env')) process.loadEnvFile('.env');
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const service = await createService(config, { logger });
  const url = await service.listen();
  logger.info(
    { url, storage: service.storage.kind, dataDir: config.mongodb ? undefined : config.dataDir, azureBot: Boolean(config.azureBot) },
    `tanya-pabean is listening: open ${url}/ for the web chat`,
  );
  if (config.secrets.generated) {
    logger.warn({ file: `${config.dataDir}/secrets.json` }, 'development secrets are generated and kept under DATA_DIR; set them explicitly in production');
  }

  let signalled = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (signalled) return;
    signalled = true;
    logger.info({ signal }, 'shutting down');
    service.close().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (error) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));
}

main().catch((error) => {
  process.stderr.write(`tanya-pabean could not start: ${(error as Error).message}\n`);
  process.exit(1);
});

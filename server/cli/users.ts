import { parseArgs } from 'node:util';
import { AccountError, AccountService, ROLES } from '../../officers/account-service';
import type { Role } from '../../storage/repositories';
import { openStorage } from '../../storage/open-storage';
import { ConfigError, loadConfig } from '../config';

const USAGE = `Usage: npm run --silent users -- <command> [options]

Commands:
  add USERNAME --roles officer[,coordinator,…] [--name "Display Name"] [--unit UNIT]
                   creates the account and prints its one-time password (changed at first sign-in)
  reset USERNAME   prints a new one-time password and ends the account's sessions
  disable USERNAME ends the account's sessions; it can no longer sign in
  enable USERNAME
  list

Roles: ${ROLES.join(', ')}. Works on the store the service uses (DATA_DIR or MONGODB_URI).`;

class UsageError extends Error {}

const ACTOR = 'cli:users';

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { roles: { type: 'string' }, name: { type: 'string' }, unit: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
  });
  const [command, username] = positionals;
  if (values.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  if (command !== 'list' && !username) throw new UsageError(`${command} needs a USERNAME`);

  const config = loadConfig();
  const storage = await openStorage({ dataDir: config.dataDir, mongodbUri: config.mongodb?.uri, mongodbDatabase: config.mongodb?.databaseName });
  const accounts = new AccountService(storage.accounts, storage.sessions, storage.audit);
  try {
    switch (command) {
      case 'add': {
        const roles = (values.roles ?? '').split(',').map((role) => role.trim()).filter(Boolean) as Role[];
        if (roles.length === 0) throw new UsageError('add needs --roles');
        const created = await accounts.createAccount({ username: username as string, displayName: values.name ?? (username as string), roles, unit: values.unit }, ACTOR);
        process.stdout.write(`created ${created.account.username} (${created.account.roles.join(', ')})\none-time password: ${created.oneTimePassword}\n`);
        return 0;
      }
      case 'reset':
        process.stdout.write(`one-time password for ${username}: ${await accounts.resetPassword(username as string, ACTOR)}\n`);
        return 0;
      case 'disable':
      case 'enable':
        await accounts.setDisabled(username as string, command === 'disable', ACTOR);
        process.stdout.write(`${username} ${command}d\n`);
        return 0;
      case 'list':
        for (const account of await accounts.listAccounts()) {
          process.stdout.write(`${account.username.padEnd(24)} ${account.roles.join(',').padEnd(30)} ${(account.unit ?? '').padEnd(20)} ${account.disabled ? 'disabled' : 'active'}\n`);
        }
        return 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } finally {
    await storage.close();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
        process.stderr.write(`users: ${(error as Error).message}\n\n${USAGE}\n`);
        process.exit(2);
      }
      if (error instanceof AccountError || error instanceof ConfigError) {
        process.stderr.write(`users: ${error.message}\n`);
        process.exit(1);
      }
      process.stderr.write(`users: ${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readConfig, ConfigError, type Config } from '../config.ts';
import { systemClock } from '../core/clock.ts';
import { DomainError } from '../core/errors.ts';
import { fetchAndImportMarketPrices } from '../core/market-data/fetchers/fetch-and-import.ts';
import { prepareMarketFeed, storeMarketFeed } from '../core/market-data/import-market-prices.ts';
import { setLocationFlexAllowed } from '../core/locations/flex-allowed.ts';
import {
  createAccount,
  createApiKey,
  revokeApiKey,
  updateAccount,
  type Mode,
} from '../core/accounts/accounts.ts';
import { buildPgliteTemplate, createLogger, migrate, openRuntime, StoreUnavailableError } from '../main.ts';
import { showAccount, showApiKey, showLocation, showMarketPriceImport } from './presenters.ts';
import { serve } from './serve.ts';
import { CATALOGUE_USAGE, runCatalogueCommand } from './catalogue.ts';
import { runWebhookCommand, WEBHOOK_USAGE } from './webhooks.ts';

const USAGE = `Usage: offpeak <command>

  serve                                   start the API server (default)
  migrate                                 apply pending database migrations
  accounts create                         create an account
  accounts disable|enable <acc_id>        switch an account off or on
  accounts connect-local <acc_id> true|false
                                          allow or refuse Connect tokens for the LOCAL direction
  keys create --account <acc_id> --mode test|live
  keys revoke <key_id>
  locations flex-allowed <loc_id> true|false
                                          set whether flexibility services may be offered there
  prices import --source <mrs_id> --format <format> [--area <area>] FILE
                                          import a day-ahead price feed; format: entsoe, nordpool,
                                          octopus, energidataservice or energyzero
  prices fetch --source <mrs_id> --from nordpool|entsoe [--area <area>] --day <YYYY-MM-DD>
                                          fetch and store one delivery day from a live source
                                          (needs OFFPEAK_MARKET_FETCH=on; ENTSO-E: --area EIC)
${WEBHOOK_USAGE}
${CATALOGUE_USAGE}
  openapi                                 print the OpenAPI document
  pglite-template                         make the migrated, empty PGlite data directory that new
                                          data directories start from, and its spare copy that
                                          the next one takes (npm install runs it)

Configuration is read from the environment: PORT, OFFPEAK_DATA_DIR, DATABASE_URL, REDIS_URL,
OFFPEAK_ADMIN_TOKEN, LOG_LEVEL, OFFPEAK_MARKET_FETCH… (see README.md).`;

class UsageError extends Error {}
class NotPublishedError extends Error {}

/** Feeds of at least this many intervals report their progress on stderr. */
const PROGRESS_FROM = 1000;

async function withRuntime<T>(
  config: Config,
  run: (rt: Awaited<ReturnType<typeof openRuntime>>) => Promise<T>,
) {
  const runtime = await openRuntime(config);
  try {
    return await run(runtime);
  } finally {
    await runtime.close();
  }
}

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      account: { type: 'string' },
      mode: { type: 'string' },
      source: { type: 'string' },
      format: { type: 'string' },
      area: { type: 'string' },
      from: { type: 'string' },
      day: { type: 'string' },
      url: { type: 'string' },
      'event-types': { type: 'string' },
      description: { type: 'string' },
      status: { type: 'string' },
      endpoint: { type: 'string' },
      event: { type: 'string' },
      since: { type: 'string' },
      country: { type: 'string' },
      provider: { type: 'string' },
      regions: { type: 'string' },
      'provider-name': { type: 'string' },
      file: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return void process.stdout.write(`${USAGE}\n`);
  const config = readConfig(process.env);
  const [command = 'serve', sub, arg, value] = positionals;
  const print = (value: unknown): void => void process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);

  switch (`${command} ${sub ?? ''}`.trim()) {
    case 'serve':
      return serve(config);
    case 'migrate':
      return print({ applied: await migrate(config) });
    case 'accounts create':
      return print(showAccount(await withRuntime(config, (rt) => createAccount(rt.ctx))));
    case 'accounts disable':
    case 'accounts enable': {
      if (!arg) throw new UsageError(`accounts ${sub} needs an account ID`);
      const status = sub === 'disable' ? 'disabled' : 'active';
      return print(showAccount(await withRuntime(config, (rt) => updateAccount(rt.ctx, arg, { status }))));
    }
    case 'accounts connect-local': {
      const setting = value;
      if (!arg || (setting !== 'true' && setting !== 'false')) {
        throw new UsageError('accounts connect-local needs an account ID and true or false');
      }
      const connectLocalEnabled = setting === 'true';
      return print(
        showAccount(await withRuntime(config, (rt) => updateAccount(rt.ctx, arg, { connectLocalEnabled }))),
      );
    }
    case 'keys create': {
      const mode = values.mode;
      if (!values.account || (mode !== 'test' && mode !== 'live')) {
        throw new UsageError('keys create needs --account acc_… and --mode test|live');
      }
      const account = values.account;
      return print(
        showApiKey(await withRuntime(config, (rt) => createApiKey(rt.ctx, account, mode as Mode))),
      );
    }
    case 'keys revoke':
      if (!arg) throw new UsageError('keys revoke needs a key ID');
      await withRuntime(config, (rt) => revokeApiKey(rt.ctx, arg));
      return print({ id: arg, object: 'api_key', revoked: true });
    case 'locations flex-allowed': {
      if (!arg || (value !== 'true' && value !== 'false'))
        throw new UsageError('locations flex-allowed needs a location ID and true or false');
      const location = await withRuntime(config, (rt) =>
        setLocationFlexAllowed(rt.ctx, arg, value === 'true'),
      );
      return print(showLocation(location));
    }
    case 'prices import': {
      const { source, format, area } = values;
      if (!arg || !source || !format)
        throw new UsageError('prices import needs --source mrs_…, --format … and a FILE');
      let text: string;
      try {
        text = readFileSync(arg, 'utf8');
      } catch (error) {
        throw new UsageError(`cannot read ${arg}: ${error instanceof Error ? error.message : String(error)}`);
      }
      const onProgress = ({ done, total }: { done: number; total: number }): void => {
        if (total >= PROGRESS_FROM)
          process.stderr.write(`prices import: ${done}/${total} intervals stored\n`);
      };
      const prepared = prepareMarketFeed({ sourceId: source, format, area, text });
      const result = await withRuntime(config, (rt) => storeMarketFeed(rt.ctx, { ...prepared, onProgress }));
      return print(showMarketPriceImport(result));
    }
    case 'prices fetch': {
      const { source, from, area, day } = values;
      if (!source || (from !== 'nordpool' && from !== 'entsoe') || !day)
        throw new UsageError(
          'prices fetch needs --source mrs_…, --from nordpool|entsoe and --day YYYY-MM-DD',
        );
      const result = await withRuntime(config, (rt) =>
        fetchAndImportMarketPrices(rt.ctx, config, { sourceId: source, source: from, day, area }),
      );
      if (!result) throw new NotPublishedError(`${from} has not published ${day} yet`);
      return print(showMarketPriceImport(result));
    }
    case 'pglite-template': {
      return print(await buildPgliteTemplate());
    }
    case 'openapi': {
      const { buildApp } = await import('../http/app.ts');
      const { Authenticator } = await import('../core/auth/authenticator.ts');
      const ctx = { db: undefined as never, now: systemClock.now };
      const app = await buildApp({
        ctx,
        authenticator: new Authenticator(ctx, 0),
        logger: createLogger({ logLevel: 'silent' }),
        adminToken: 'documentation',
        rateLimitPerMinute: 1,
        anonymousRateLimitPerMinute: 1,
      });
      await app.ready();
      print(app.swagger());
      return void (await app.close());
    }
    default:
      if (command === 'catalogue') {
        const result = await withRuntime(config, (rt) => runCatalogueCommand(rt.ctx, positionals, values));
        if (result === undefined) throw new UsageError(`Unknown command: ${positionals.join(' ')}`);
        return print(result);
      }
      if (command === 'webhooks' || command === 'webhook-keys') {
        const result = await withRuntime(config, (rt) =>
          runWebhookCommand(rt.ctx, config.webhooks, positionals, values),
        );
        if (result === undefined) throw new UsageError(`Unknown command: ${positionals.join(' ')}`);
        return print(result);
      }
      throw new UsageError(`Unknown command: ${positionals.join(' ')}`);
  }
}

// While a command runs, a timer keeps Node's event loop from running empty: whenever it does (a
// start awaits only promises at times), Node waits for every task on V8's worker threads to end
// before it goes on, and PGlite's WebAssembly is being optimised there during a start: up to
// 0.3 s lost in the middle of building the app [decision:bundle-code-cache]. Listening (or the
// command's end) takes over once main() is done.
const keepAlive = setInterval(() => {}, 2 ** 30);

main(process.argv.slice(2))
  .finally(() => clearInterval(keepAlive))
  .catch((error: unknown) => {
    if (error instanceof UsageError) process.stderr.write(`${error.message}\n\n${USAGE}\n`);
    else if (
      error instanceof StoreUnavailableError ||
      error instanceof ConfigError ||
      error instanceof NotPublishedError
    )
      process.stderr.write(`${error.message}\n`);
    else if (error instanceof DomainError) process.stderr.write(`${error.code}: ${error.message}\n`);
    else process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });

// What a serving node does besides answering requests. Each job is data: its name, how often it
// runs, the core round it runs and how an outcome is logged. A round claims its own work in the
// database (`for update skip locked`), so every node, and every OFFPEAK_WORKERS process, runs
// every job. Retry policies live with the rounds (MARKET_FETCH_POLICY in
// core/market-data/fetchers/fetch-jobs.ts).
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { CoreContext } from '../core/context.ts';
import { runConnectionRound } from '../core/connect/session/connections.ts';
import { runMarketFetchTick } from '../core/market-data/fetchers/fetch-jobs.ts';
import { runTariffNoticeRound } from '../core/tariffs/notices.ts';
import { runTestClockRound } from '../core/test-clocks/test-clocks.ts';
import { startTicker } from './ticker.ts';
import { runWebhookUpkeep, startWebhookDelivery } from './webhook-jobs.ts';

export interface Job {
  readonly name: string;
  readonly everyMs: number;
  /** Starts the job's ticker; returns the function that stops it. */
  start(log: Logger): () => Promise<void>;
}

function job<T>(
  name: string,
  everyMs: number,
  run: () => Promise<T>,
  report: (result: T, log: Logger) => void,
): Job {
  return {
    name,
    everyMs,
    start: (log) =>
      startTicker(
        run,
        everyMs,
        (result) => report(result, log),
        (error) => log.warn({ error }, 'background round failed'),
      ),
  };
}

/** How often each node sweeps for due tariff notices (`tariff.expiring`, `tariff.expired`). */
const TARIFF_NOTICE_INTERVAL_MS = 60_000;

/** How often each node resolves Connect's pending DIRECT connections that are due. */
const CONNECT_CONNECTION_INTERVAL_MS = 15_000;

/** How often each node writes what running test clocks made due (notices, publications, connections). */
const TEST_CLOCK_INTERVAL_MS = 15_000;

/** How often each node disables failing webhook endpoints and removes deliveries past retention. */
const WEBHOOK_UPKEEP_INTERVAL_MS = 3_600_000;

/** The jobs this configuration switches on. */
export function backgroundJobs(config: Config, ctx: CoreContext): Job[] {
  const jobs: Job[] = [
    {
      name: 'webhook-delivery',
      everyMs: config.webhooks.pollMs,
      start: (log) => startWebhookDelivery(ctx, config.webhooks, log),
    },
    job(
      'webhook-upkeep',
      WEBHOOK_UPKEEP_INTERVAL_MS,
      () => runWebhookUpkeep(ctx, config.webhooks),
      ({ disabled, removed }, log) => {
        for (const id of disabled)
          log.warn({ endpoint: id }, 'webhook endpoint disabled: 5 days of failures');
        if (removed > 0) log.info({ removed }, 'old webhook deliveries removed');
      },
    ),
    job(
      'tariff-notices',
      TARIFF_NOTICE_INTERVAL_MS,
      () => runTariffNoticeRound(ctx),
      (sent, log) => sent.forEach((notice) => log.info(notice, notice.type)),
    ),
    job(
      'test-clocks',
      TEST_CLOCK_INTERVAL_MS,
      () => runTestClockRound(ctx),
      (outcomes, log) => outcomes.forEach((outcome) => log.info(outcome, 'test clock caught up')),
    ),
    job(
      'connect-connections',
      CONNECT_CONNECTION_INTERVAL_MS,
      () => runConnectionRound(ctx),
      (outcomes, log) =>
        outcomes.forEach((outcome) => log.info(outcome, `connect connection ${outcome.result}`)),
    ),
  ];
  if (config.marketFetch && config.marketFetchSources.length > 0) {
    jobs.push(
      job(
        'market-fetch',
        config.marketFetchEverySeconds * 1000,
        () => runMarketFetchTick(ctx, config, config.marketFetchSources),
        ({ outcomes }, log) => {
          for (const outcome of outcomes) {
            if (outcome.result === 'stored') log.info(outcome, 'market prices stored');
            else if (outcome.result === 'not_published') log.info(outcome, 'market prices not published yet');
            else log.warn(outcome, 'market fetch failed');
          }
        },
      ),
    );
  }
  return jobs;
}

/** Starts every job of `backgroundJobs`; returns the function that stops them all. */
export function startBackgroundWork(config: Config, ctx: CoreContext, logger: Logger): () => Promise<void> {
  if (config.marketFetch && config.marketFetchSources.length === 0)
    logger.warn('OFFPEAK_MARKET_FETCH is on but OFFPEAK_MARKET_FETCH_SOURCES is empty');
  const stops = backgroundJobs(config, ctx).map((j) => {
    const log = logger.child({ job: j.name });
    log.info({ everyMs: j.everyMs }, 'background job started');
    return j.start(log);
  });
  return async () => void (await Promise.all(stops.map((stop) => stop())));
}

// What pricing keeps between requests: compiled tariffs, priced market ladders and test mode's
// market scenarios. One object per process, made by the composition root and passed in through the
// core context; the keys make a stale answer impossible when another node changes a tariff, and a
// node's copy of an account's scenarios is at most MARKET_SCENARIOS_FRESH_MS old
// [decision:market-scenarios-cache].
import { compileTariff, MarketLadders, type CompiledTariff } from '../../engine/index.ts';
import type { MarketScenario } from '../../engine/market-scenarios.ts';
import { wallNow } from '../clock.ts';
import { toTariffDefinition, type Tariff } from '../tariffs/tariff.ts';

/** Compiled tariffs held before the cache starts afresh (a few KB each). */
const COMPILED_LIMIT = 5_000;
/** Market ladders held before they start afresh (~300 bytes a ladder). */
const LADDER_LIMIT = 200_000;
/** Accounts whose market scenarios are held before that cache starts afresh. */
const SCENARIO_ACCOUNTS_LIMIT = 10_000;

/**
 * How long a node prices from its copy of an account's market scenarios of a source, in ms: a
 * scenario created or deleted through another node applies there at most this much later (through
 * the same node, at once) [decision:market-scenarios-cache]. The same bound as a test clock's.
 */
export const MARKET_SCENARIOS_FRESH_MS = 1000;

interface ScenarioEntry {
  scenarios: readonly MarketScenario[];
  /** `wallNow()` of the read, for the freshness bound (as a test clock's copy, clock-cache.ts). */
  readAt: number;
}

export class PricingCaches {
  /** Ladders of market-rate tiers; keyed by the compiled rate, so by the tariff's version too. */
  readonly ladders = new MarketLadders(LADDER_LIMIT);
  private readonly compiled = new Map<string, CompiledTariff>();
  /** Per account: its scenarios per `source id + first day read`. */
  readonly #scenarios = new Map<string, Map<string, ScenarioEntry>>();
  /** Per account: bumped by every local change, so a read that started before one is not kept. */
  readonly #scenarioVersions = new Map<string, number>();

  constructor(private readonly scenariosFreshMs = MARKET_SCENARIOS_FRESH_MS) {}

  /**
   * The account's market scenarios of a source from `fromDate` on: this node's copy when it was
   * read less than MARKET_SCENARIOS_FRESH_MS ago and the account changed none through this node
   * since, else `read()` (whose answer is kept, frozen).
   */
  async marketScenarios(
    accountId: string,
    sourceId: string,
    fromDate: string,
    read: () => Promise<MarketScenario[]>,
  ): Promise<readonly MarketScenario[]> {
    const key = `${sourceId} ${fromDate}`;
    const now = wallNow();
    const entry = this.#scenarios.get(accountId)?.get(key);
    if (entry && now - entry.readAt < this.scenariosFreshMs) return entry.scenarios;
    const version = this.#scenarioVersions.get(accountId) ?? 0;
    const scenarios = Object.freeze((await read()).map((s) => Object.freeze(s)));
    if ((this.#scenarioVersions.get(accountId) ?? 0) === version) {
      let ofAccount = this.#scenarios.get(accountId);
      if (!ofAccount) {
        if (this.#scenarios.size >= SCENARIO_ACCOUNTS_LIMIT) this.#scenarios.clear();
        ofAccount = new Map();
        this.#scenarios.set(accountId, ofAccount);
      }
      ofAccount.set(key, { scenarios, readAt: now });
    }
    return scenarios;
  }

  /** Drops this node's copy of the account's scenarios: call after creating or deleting one. */
  forgetMarketScenarios(accountId: string): void {
    this.#scenarios.delete(accountId);
    if (this.#scenarioVersions.size >= SCENARIO_ACCOUNTS_LIMIT) this.#scenarioVersions.clear();
    this.#scenarioVersions.set(accountId, (this.#scenarioVersions.get(accountId) ?? 0) + 1);
  }

  /**
   * The tariff compiled to per-day plans, the costly part of pricing. Keyed by ID and update
   * time: an update through any node changes `updatedAt`, so a changed tariff is compiled anew.
   */
  compiledTariff(tariff: Tariff): CompiledTariff {
    const key = `${tariff.id}@${tariff.updatedAt}`;
    let result = this.compiled.get(key);
    if (!result) {
      if (this.compiled.size > COMPILED_LIMIT) this.compiled.clear();
      result = compileTariff(toTariffDefinition(tariff));
      this.compiled.set(key, result);
    }
    return result;
  }
}

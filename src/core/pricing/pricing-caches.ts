// What pricing keeps between requests: compiled tariffs and priced market ladders. One object
// per process, made by the composition root and passed in through the core context; the keys make
// a stale answer impossible when another node changes a tariff.
import { compileTariff, MarketLadders, type CompiledTariff } from '../../engine/index.ts';
import { toTariffDefinition, type Tariff } from '../tariffs/tariff.ts';

/** Compiled tariffs held before the cache starts afresh (a few KB each). */
const COMPILED_LIMIT = 5_000;
/** Market ladders held before they start afresh (~300 bytes a ladder). */
const LADDER_LIMIT = 200_000;

export class PricingCaches {
  /** Ladders of market-rate tiers; keyed by the compiled rate, so by the tariff's version too. */
  readonly ladders = new MarketLadders(LADDER_LIMIT);
  private readonly compiled = new Map<string, CompiledTariff>();

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

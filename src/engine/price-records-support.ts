// Helpers for the record-pricing tests (test support; not used by the engine).
import { type CombinedInterval, combineSeries } from './combine-series.ts';
import { compileTariff } from './compile-tariff.ts';
import { toDecimal } from './decimal.ts';
import { expandTariff } from './expand-tariff.ts';
import type { MarketPrice } from './price-series.ts';
import type { EnergyRecord, PricedRecords } from './price-records.ts';
import { formatRatio } from './ratio.ts';
import type { TariffDefinition } from './tariff-definition.ts';
import { at, iso } from './test-support.ts';

export const WIDE = { start: at('2025-01-01T00:00:00Z'), end: at('2026-01-01T00:00:00Z') };

/** The combined series of a commodity tariff (and optionally a non-commodity one) over 2025. */
export function seriesOf(
  commodity: TariffDefinition,
  nonCommodity?: TariffDefinition,
  market?: MarketPrice[],
): CombinedInterval[] {
  const options = market ? { market } : {};
  return combineSeries(
    expandTariff(compileTariff(commodity), WIDE, options),
    nonCommodity ? expandTariff(compileTariff(nonCommodity), WIDE) : [],
  );
}

/** A record of `energy` kWh over [from, to). */
export const kwh = (from: string, to: string, energy: string, confidence?: number): EnergyRecord => ({
  start: at(from),
  end: at(to),
  energyKwh: toDecimal(energy),
  ...(confidence === undefined ? {} : { confidence }),
});

/** Pieces as `[from, to, kWh, price, cost]` text, the form hand-worked answers are written in. */
export const pieceRows = (result: PricedRecords): string[][] =>
  result.pieces.map((p) => [
    iso(p.start),
    iso(p.end),
    formatRatio(p.energyKwh),
    String(p.price.units) + 'e-' + p.price.scale,
    formatRatio(p.cost),
  ]);

export const LONDON = { timeZone: 'Europe/London' };

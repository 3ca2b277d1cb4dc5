// The tariff engine's public surface (see README.md). Pure: no I/O, no clock, no env.
export type {
  DayName,
  DayToken,
  DaysAndHoursDefinition,
  HourPeriodDefinition,
  MonthName,
  MonthToken,
  RateTierDefinition,
  ScheduleEntryDefinition,
  TariffDefinition,
  TariffDirection,
  TariffType,
} from './tariff-definition.ts';
export { DAY_NAMES, MONTH_NAMES } from './tariff-definition.ts';

export type { Decimal, DecimalInput } from './decimal.ts';
export {
  ONE,
  ZERO,
  addDecimals,
  compareDecimals,
  decimalToNumber,
  decimalsEqual,
  formatDecimal,
  multiplyDecimals,
  parseDecimal,
  readDecimal,
  roundDecimal,
  shiftDecimal,
  subtractDecimals,
  toDecimal,
} from './decimal.ts';

export type { TariffIssue, TariffIssueCode } from './tariff-errors.ts';
export { InvalidTariffError } from './tariff-errors.ts';
export { validateTariff, validateTariffSchedule } from './validate-tariff.ts';

export type { CompiledRate, CompiledTariff, DayPlan } from './compile-tariff.ts';
export { compileTariff, dayPlanFor } from './compile-tariff.ts';
export { MarketLadder, MarketLadders, priceMarketTiers } from './market-ladders.ts';
export { MarketColumns } from './market-columns.ts';

export type { ExpandOptions, TimeWindow } from './expand-tariff.ts';
export { effectiveWindow, expandTariff, expandTariffSeries } from './expand-tariff.ts';

export type {
  MarketPrice,
  PriceBreakdown,
  PriceInterval,
  RoundedPriceInterval,
  TierPrice,
} from './price-series.ts';
export {
  PriceSeries,
  PriceSeriesBuilder,
  createPriceInterval,
  cutPriceIntervals,
  mergePriceIntervals,
  roundPrice,
  roundPriceSeries,
  samePriceBreakdown,
} from './price-series.ts';

export type { LocalReading } from './time-zones.ts';
export {
  canonicalTimeZone,
  isValidTimeZone,
  localEpochDayOf,
  localToInstant,
  readLocalTime,
  startOfLocalDay,
  startOfLocalMonth,
  zoneOffsetAt,
} from './time-zones.ts';
export { epochDayFromCivil, civilFromEpochDay, isoWeekdayOf } from './calendar.ts';

export type { CombinedInterval } from './combine-series.ts';
export { combineSeries, coveredMs } from './combine-series.ts';
export type { ContractPiece, ContractWindow } from './select-contracts.ts';
export { extrapolatedConfidence, selectContracts } from './select-contracts.ts';

export type { ExactNumber, Ratio } from './ratio.ts';
export {
  RATIO_ZERO,
  RatioSum,
  addRatios,
  compareRatios,
  formatRatio,
  makeRatio,
  multiplyRatios,
  ratioOf,
  ratioToDecimal,
  ratiosEqual,
  reduceRatio,
  roundRatio,
  shiftRatio,
  subtractRatios,
} from './ratio.ts';
export type { MeteringErrorCode } from './metering-errors.ts';
export { MeteringError } from './metering-errors.ts';
export type { EnergyUnit, MeterValue } from './energy.ts';
export { recordEnergyKwh } from './energy.ts';
export type {
  EnergyRecord,
  MissingPrice,
  PriceRecordsOptions,
  PricedPiece,
  PricedRecords,
  RecordCost,
} from './price-records.ts';
export { priceRecords } from './price-records.ts';
export type { AggregateOptions, CostAggregation, CostBucket, CostPiece } from './aggregate-costs.ts';
export { aggregateCosts } from './aggregate-costs.ts';
export type {
  ConvertedReads,
  FailedRead,
  ReadInterval,
  RegisterRead,
  RegisterReadFailure,
  RegisterReadOptions,
  RegisterUnit,
} from './cumulative-reads.ts';
export { registerReadsToIntervals } from './cumulative-reads.ts';
export type {
  ChosenSlot,
  MergedSlot,
  ScheduleFailure,
  ScheduleFailureCode,
  TieRule,
} from './schedule-series.ts';
export { mergeSlots } from './schedule-series.ts';
export type { ContiguousChoice, FindWindowOptions, RunCost } from './find-cheapest-window.ts';
export { findCheapestContiguous } from './find-cheapest-window.ts';
export type { FindSlotsOptions, SplitChoice } from './find-cheapest-slots.ts';
export { findCheapestSlots } from './find-cheapest-slots.ts';
export type { LimitChoice, LimitOptions } from './find-slots-under-limit.ts';
export { findSlotsUnderLimit } from './find-slots-under-limit.ts';
export type { AmountOptions, AmountSchedule, AmountSlot } from './schedule-amount.ts';
export { scheduleAmount } from './schedule-amount.ts';

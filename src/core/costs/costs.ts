import {
  aggregateCosts,
  RatioSum,
  type CostAggregation,
  type PricedRecords,
  type Ratio,
  type TariffDirection,
} from '../../engine/index.ts';
import { isId, newId } from '../../lib/ids.ts';
import { selectDeviceById } from '../../store/devices.ts';
import {
  selectLatestLocationOfOwner,
  selectMeterRecordsInWindow,
  selectMeterRecordsOfSession,
  upsertMeterRecords,
  type MeterRecordForCost,
} from '../../store/meter-records.ts';
import type { CoreContext, Scope } from '../context.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { markDevicesSeen } from '../devices/devices.ts';
import { checkTimeWindow } from '../time-window.ts';
import { retrieveLocation, type Location } from '../locations/locations.ts';
import {
  checkRecordOrThrow,
  toNewMeterRecord,
  type CheckedRecord,
  type MeterRecordInput,
} from '../meters/meter-record.ts';
import { loadPricingInputsAt, type PricingInputs } from '../pricing/load-pricing-inputs.ts';
import { pricedSpan, type Metered } from '../pricing/metered.ts';
import { priceMetered } from '../pricing/price-metered.ts';

/** One line of a cost answer: [start, end) UTC epoch ms, exact energy (kWh) and cost. */
export interface CostItem {
  start: number;
  end: number;
  sessionReferenceId: string | null;
  recordReferenceId: string | null;
  energyKwh: Ratio;
  cost: Ratio;
  confidence: number;
}

export interface CostReport {
  objectId: string;
  /** The location whose zone and currency the report uses; null for a device never metered. */
  location: Location | null;
  direction: TariffDirection;
  items: CostItem[];
}

export interface InstantCost {
  id: string;
  record: CheckedRecord;
  location: Location;
  item: CostItem;
  stored: boolean;
  createdAt: number;
}

/**
 * `POST /costs/instant`: prices one record now (tiers counted from what its owner metered earlier
 * that month) and, unless `non_persistent`, stores it like a submitted interval record.
 */
export async function calculateInstantCost(
  ctx: CoreContext,
  scope: Scope,
  input: MeterRecordInput,
  nonPersistent: boolean,
): Promise<InstantCost> {
  const record = checkRecordOrThrow(input);
  const location = await retrieveLocation(ctx, scope, record.locationId).catch((error: unknown) => {
    if (error instanceof NotFoundError)
      throw new ValidationError('location_id_invalid', `location_id ${record.locationId} does not exist`);
    throw error;
  });
  if (record.deviceId) {
    if (!(await selectDeviceById(ctx.db, scope, record.deviceId)))
      throw new ValidationError('device_id_invalid', `device_id ${record.deviceId} does not exist`);
    await markDevicesSeen(ctx.db, scope, [record.deviceId], ctx.now(scope));
  }
  const metered: Metered = {
    units: record.units,
    value: record.value,
    start: record.start,
    end: record.end,
    confidence: record.confidence,
  };
  const direction = record.tariffDirection;
  const inputs = await loadPricingInputsAt(ctx, scope, location, {
    counter: { direction, from: record.start, to: record.end },
    spans: [{ start: record.start, end: record.end, direction }],
  });
  // The counter counts the location's own records this month [decision:tier-counter-records]: a location-level record
  // counts itself, in place of a stored one with the same interval and flow that it would replace.
  const stored = inputs.counterRecords;
  const feed: Metered[] = record.deviceId
    ? stored
    : [
        ...stored.filter(
          (r) =>
            !(
              r.start === record.start &&
              r.end === record.end &&
              r.energy_flow_direction === record.energyFlowDirection
            ),
        ),
        metered,
      ];
  const priced = priceMetered(inputs, direction, [metered], { counter: feed });
  const now = ctx.now(scope);
  const id = newId('mre', now);
  if (!nonPersistent) {
    const batch = { accountId: scope.accountId, liveMode: scope.liveMode, batchId: newId('bat', now) };
    await upsertMeterRecords(ctx.db, { ...batch, createdAt: new Date(now) }, [toNewMeterRecord(record, id)]);
  }
  return {
    id,
    record,
    location,
    stored: !nonPersistent,
    createdAt: now,
    item: {
      start: record.start,
      end: record.end,
      sessionReferenceId: record.sessionReferenceId,
      recordReferenceId: record.recordReferenceId,
      energyKwh: priced.energyKwh,
      cost: priced.cost,
      confidence: priced.confidence,
    },
  };
}

/** A report's path ID that names no location or device of this scope. */
const unknownObject = (id: string) => new NotFoundError('object', id);

/**
 * Prices stored records (a device's, or a session's) grouped by the location they were metered at,
 * within an optional window. Each location's tier counter is fed by its own location-level
 * records [decision:tier-counter-records] from the start of the local month of the first instant priced.
 */
async function priceStored(
  ctx: CoreContext,
  scope: Scope,
  rows: readonly MeterRecordForCost[],
  direction: TariffDirection,
  window?: { start: number; end: number },
): Promise<{ location: Location | null; groups: { rows: MeterRecordForCost[]; priced: PricedRecords }[] }> {
  const groups = new Map<string, MeterRecordForCost[]>();
  for (const row of rows) {
    const group = groups.get(row.location_id);
    if (group) group.push(row);
    else groups.set(row.location_id, [row]);
  }
  let first: Location | null = null;
  const out: { rows: MeterRecordForCost[]; priced: PricedRecords }[] = [];
  for (const [locationId, group] of groups) {
    const location = await retrieveLocation(ctx, scope, locationId);
    first ??= location;
    const span = pricedSpan(group, window);
    const inputs = await loadPricingInputsAt(ctx, scope, location, {
      counter: { direction, from: span.start, to: span.end },
      spans: [{ ...span, direction }],
    });
    const priced = priceMetered(inputs, direction, group, { window, counter: inputs.counterRecords });
    out.push({ rows: group, priced });
  }
  return { location: first, groups: out };
}

const overlaps = (rows: readonly MeterRecordForCost[], window: { start: number }): boolean =>
  rows.some((r) => r.end > window.start);

/** A location's report: its own records, read from the start of the window's local month so that
 * they feed the tier counter themselves; only those that overlap the window are reported. */
async function priceLocationRecords(
  ctx: CoreContext,
  scope: Scope,
  location: Location,
  direction: TariffDirection,
  window: { start: number; end: number },
): Promise<{ rows: MeterRecordForCost[]; priced: PricedRecords } | null> {
  const inputs: PricingInputs = await loadPricingInputsAt(ctx, scope, location, {
    counter: { direction, from: window.start, to: window.end },
    spans: (rows) => (overlaps(rows, window) ? [{ ...pricedSpan(rows, window), direction }] : []),
  });
  const rows = inputs.counterRecords;
  if (!overlaps(rows, window)) return null;
  return { rows, priced: priceMetered(inputs, direction, rows, { window, counter: 'self' }) };
}

/**
 * `POST /costs/interval/{id}`: the records of a location (records without a device) or of a
 * device in one tariff direction within [start, end), one item per record clipped to the
 * window, or buckets of local DAY or MONTH.
 */
export async function reportIntervalCost(
  ctx: CoreContext,
  scope: Scope,
  objectId: string,
  query: {
    start: number;
    end: number;
    direction: TariffDirection;
    aggregation?: CostAggregation | undefined;
  },
): Promise<CostReport> {
  checkTimeWindow(query);
  const window = { start: query.start, end: query.end };
  let location: Location | null;
  let groups: { rows: MeterRecordForCost[]; priced: PricedRecords }[];
  if (isId(objectId, 'loc')) {
    location = await retrieveLocation(ctx, scope, objectId).catch((error: unknown) => {
      throw error instanceof NotFoundError ? unknownObject(objectId) : error;
    });
    const own = await priceLocationRecords(ctx, scope, location, query.direction, window);
    groups = own ? [own] : [];
  } else {
    if (!isId(objectId, 'dev') || !(await selectDeviceById(ctx.db, scope, objectId)))
      throw unknownObject(objectId);
    await markDevicesSeen(ctx.db, scope, [objectId], ctx.now(scope));
    const rows = await selectMeterRecordsInWindow(ctx.db, scope, {
      ownerId: objectId,
      tariffDirection: query.direction,
      start: new Date(query.start),
      end: new Date(query.end),
    });
    ({ location, groups } = await priceStored(ctx, scope, rows, query.direction, window));
    // Nothing metered in the window: the zone and currency are those of the location the device
    // was last metered at; a device never metered has none (the report then names neither).
    if (!location) {
      const last = await selectLatestLocationOfOwner(ctx.db, scope, objectId);
      if (last) location = await retrieveLocation(ctx, scope, last);
    }
  }
  if (groups.length === 0) return { objectId, location, direction: query.direction, items: [] };
  if (query.aggregation && location) {
    const pieces = groups.flatMap((g) => g.priced.pieces);
    const buckets = aggregateCosts(pieces, {
      aggregation: query.aggregation,
      timeZone: location.timezone,
      window,
    });
    return {
      objectId,
      location,
      direction: query.direction,
      items: buckets.map((b) => ({
        start: b.start,
        end: b.end,
        sessionReferenceId: null,
        recordReferenceId: null,
        energyKwh: b.energyKwh,
        cost: b.cost,
        confidence: b.confidence,
      })),
    };
  }
  const items: CostItem[] = [];
  for (const g of groups) {
    g.rows.forEach((row, i) => {
      // a location's rows start at its month's start: report those that overlap the window
      if (row.end <= query.start || row.start >= query.end) return;
      const cost = g.priced.records[i] as PricedRecords['records'][number];
      items.push({
        start: Math.max(row.start, query.start),
        end: Math.min(row.end, query.end),
        sessionReferenceId: row.session_reference_id,
        recordReferenceId: row.record_reference_id,
        energyKwh: cost.energyKwh,
        cost: cost.cost,
        confidence: cost.confidence,
      });
    });
  }
  if (groups.length > 1) items.sort((a, b) => a.start - b.start || a.end - b.end);
  return { objectId, location, direction: query.direction, items };
}

/** `POST /costs/session/{id}`: every record of a session in one direction, as one item [decision:session-costs]. */
export async function calculateSessionCost(
  ctx: CoreContext,
  scope: Scope,
  sessionReferenceId: string,
  direction: TariffDirection,
): Promise<CostReport> {
  const rows = await selectMeterRecordsOfSession(ctx.db, scope, sessionReferenceId, direction);
  if (rows.length === 0) throw new NotFoundError('session', sessionReferenceId);
  const { location, groups } = await priceStored(ctx, scope, rows, direction);
  const energy = new RatioSum();
  const cost = new RatioSum();
  let confidence = 1;
  for (const g of groups) {
    energy.add(g.priced.energyKwh);
    cost.add(g.priced.cost);
    confidence = Math.min(confidence, g.priced.confidence);
  }
  const first = rows[0] as MeterRecordForCost;
  return {
    objectId: first.owner_id,
    location,
    direction,
    items: [
      {
        start: Math.min(...rows.map((r) => r.start)),
        end: Math.max(...rows.map((r) => r.end)),
        sessionReferenceId,
        recordReferenceId: null,
        energyKwh: energy.value(),
        cost: cost.value(),
        confidence,
      },
    ],
  };
}

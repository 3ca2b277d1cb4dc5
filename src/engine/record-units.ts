// What `priceRecords` walks: units of time in which the tier counter grows at one constant rate
// and each priced record present meters at its own constant rate.
//
// Usually the priced records feed the counter themselves and do not overlap: then a unit is a
// record (priceRecords walks them as such). When records overlap ([decision:overlapping-records]: stored side by side, both counted), or when the counter is
// fed by other records ([decision:tier-counter-records]: a device's records are priced at the tier its location's records
// reached), time is cut at every start and end of every record, and each elementary stretch
// becomes a unit: the counter gains the feeding records' energy in it, and each priced record
// present holds its own share, E × stretch / record length, exactly.
import type { EnergyRecord, PreparedRecords } from './prepare-records.ts';
import { RATIO_ZERO, type Ratio, addRatios } from './ratio.ts';

/** A priced record's part of a unit. */
export interface UnitShare {
  /** Position of the record in the priced input. */
  readonly index: number;
  /** kWh of the record inside the unit, exact, and its float value. */
  readonly energy: Ratio;
  readonly approx: number;
  readonly confidence: number;
}

export interface RecordUnit {
  readonly start: number;
  readonly end: number;
  /** kWh the tier counter gains over the unit, exact, and its float value. */
  readonly feed: Ratio;
  readonly feedApprox: number;
  /** Priced records present; empty for a stretch that only feeds the counter. */
  readonly shares: readonly UnitShare[];
}

interface Source {
  readonly records: readonly EnergyRecord[];
  readonly prepared: PreparedRecords;
}

/** `r`'s energy over [a, b), exact: E × (b − a) / (e − s). */
function shareOf(energy: Ratio, a: number, b: number, r: EnergyRecord): Ratio {
  if (a === r.start && b === r.end) return energy;
  return { n: energy.n * BigInt(b - a), d: energy.d * BigInt(r.end - r.start) };
}

/**
 * Elementary units over priced records and the records that feed the counter (`feed`, or the
 * priced records themselves when null). A stretch covered by no record has no unit.
 */
export function elementaryUnits(priced: Source, feed: Source | null): RecordUnit[] {
  const cuts = new Set<number>();
  for (const source of feed ? [priced, feed] : [priced]) {
    for (const r of source.records) {
      cuts.add(r.start);
      cuts.add(r.end);
    }
  }
  const instants = Float64Array.from(cuts).sort();
  // records by start; `active` holds those that have started and not yet ended
  const sweep = (source: Source) => ({ source, next: 0, active: [] as number[] });
  const p = sweep(priced);
  const f = feed ? sweep(feed) : null;
  const advance = (s: ReturnType<typeof sweep>, t: number) => {
    // drop the records that ended by t, in place
    let kept = 0;
    for (const i of s.active) if ((s.source.records[i] as EnergyRecord).end > t) s.active[kept++] = i;
    s.active.length = kept;
    const order = s.source.prepared.order;
    while (s.next < order.length && (s.source.records[order[s.next] as number] as EnergyRecord).start <= t) {
      const i = order[s.next++] as number;
      if ((s.source.records[i] as EnergyRecord).end > t) s.active.push(i);
    }
  };

  const units: RecordUnit[] = [];
  for (let k = 0; k + 1 < instants.length; k++) {
    const a = instants[k] as number;
    const b = instants[k + 1] as number;
    advance(p, a);
    if (f) advance(f, a);
    if (p.active.length === 0 && (!f || f.active.length === 0)) continue;
    const span = b - a;
    // (loops, not callbacks: under tsx a function created per stretch costs a defineProperty)
    const shares: UnitShare[] = [];
    for (const i of p.active) {
      const r = priced.records[i] as EnergyRecord;
      const energy = shareOf(priced.prepared.energies[i] as Ratio, a, b, r);
      const approx = ((priced.prepared.approx[i] as number) * span) / (r.end - r.start);
      shares.push({ index: i, energy, approx, confidence: r.confidence ?? 1 });
    }
    // what the counter gains: the priced shares themselves, or the feeding records' parts
    let feedEnergy: Ratio = RATIO_ZERO;
    let feedApprox = 0;
    if (!f) {
      for (const share of shares) {
        feedEnergy = feedEnergy === RATIO_ZERO ? share.energy : addRatios(feedEnergy, share.energy);
        feedApprox += share.approx;
      }
    } else {
      for (const i of f.active) {
        const r = f.source.records[i] as EnergyRecord;
        const part = shareOf(f.source.prepared.energies[i] as Ratio, a, b, r);
        feedEnergy = feedEnergy === RATIO_ZERO ? part : addRatios(feedEnergy, part);
        feedApprox += ((f.source.prepared.approx[i] as number) * span) / (r.end - r.start);
      }
    }
    units.push({ start: a, end: b, feed: feedEnergy, feedApprox, shares });
  }
  return units;
}

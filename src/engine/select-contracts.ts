// Which tariff prices which instant when a location has several tariffs of one slot
// [decision:contract-selection]: inside contract windows the newest covering tariff; outside every
// window the tariff with the nearest window, with extrapolated confidence.
import { DAY_MS } from './calendar.ts';

export interface ContractWindow {
  /** Anything the caller needs back; the engine does not look at it. */
  readonly key: string;
  /** UTC epoch ms, inclusive. */
  readonly start: number;
  /** UTC epoch ms, exclusive. */
  readonly end: number;
  /** Creation order: a larger value is newer and wins overlaps. */
  readonly createdAt: number;
}

export interface ContractPiece {
  readonly key: string;
  readonly start: number;
  readonly end: number;
  /** 1 inside the contract window; the extrapolated confidence outside it. */
  readonly confidence: number;
}

const STEP_MS = 90 * DAY_MS;

/**
 * Confidence of a price extrapolated `distanceMs` beyond the edge of its contract window:
 * 0.8 in the first 90 days, 0.2 less for each further 90 days, never below 0.2.
 */
export function extrapolatedConfidence(distanceMs: number): number {
  const steps = Math.floor(Math.max(0, distanceMs) / STEP_MS);
  return Math.max(0.2, Math.round((0.8 - 0.2 * steps) * 10) / 10);
}

/**
 * Splits [start, end) into pieces, each priced by one tariff: the newest tariff whose window
 * covers an instant wins it; an instant no window covers goes to the nearest window (ties to
 * the newer tariff) with a confidence that steps down every 90 days from that window's edge.
 * Pieces are sorted, touch without gaps, and cover the whole range when any contract is given.
 */
export function selectContracts(
  contracts: readonly ContractWindow[],
  range: { start: number; end: number },
): ContractPiece[] {
  if (contracts.length === 0 || range.end <= range.start) return [];
  const cuts = new Set<number>([range.start, range.end]);
  for (const c of contracts) {
    for (const edge of [c.start, c.end]) {
      if (edge > range.start && edge < range.end) cuts.add(edge);
      // the 90-day confidence steps away from each edge
      for (let k = 1; k <= 3; k++) {
        for (const step of [edge - k * STEP_MS, edge + k * STEP_MS]) {
          if (step > range.start && step < range.end) cuts.add(step);
        }
      }
    }
  }
  // between two windows the nearest one changes half-way
  for (const a of contracts) {
    for (const b of contracts) {
      const middle = Math.floor((a.end + b.start) / 2);
      if (a.end < b.start && middle > range.start && middle < range.end) cuts.add(middle);
    }
  }
  const bounds = [...cuts].sort((a, b) => a - b);
  const pieces: ContractPiece[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const start = bounds[i] as number;
    const end = bounds[i + 1] as number;
    const pick = pickAt(contracts, start, end);
    const last = pieces.at(-1);
    if (last && last.key === pick.key && last.confidence === pick.confidence && last.end === start) {
      pieces[pieces.length - 1] = { ...last, end };
    } else {
      pieces.push({ key: pick.key, start, end, confidence: pick.confidence });
    }
  }
  return pieces;
}

/** The winner of an elementary piece [start, end), which no window edge or 90-day step crosses. */
function pickAt(contracts: readonly ContractWindow[], start: number, end: number) {
  let inside: ContractWindow | undefined;
  for (const c of contracts) {
    if (c.start <= start && end <= c.end && (!inside || c.createdAt > inside.createdAt)) inside = c;
  }
  if (inside) return { key: inside.key, confidence: 1 };
  let best: ContractWindow | undefined;
  let bestDistance = Infinity;
  for (const c of contracts) {
    // distance from the piece to the window; constant in confidence steps by construction
    const distance = end <= c.start ? c.start - end : start - c.end;
    if (distance < bestDistance || (distance === bestDistance && best && c.createdAt > best.createdAt)) {
      best = c;
      bestDistance = distance;
    }
  }
  const chosen = best as ContractWindow;
  const farEdgeDistance = end <= chosen.start ? chosen.start - start : end - chosen.end;
  // the piece's farthest instant from the window decides: a piece never spans a 90-day step
  return { key: chosen.key, confidence: extrapolatedConfidence(Math.max(0, farEdgeDistance - 1)) };
}

import fc from 'fast-check';
import { baselineOf } from './baseline.ts';
import { toRawRequest } from './encode.ts';
import {
  bodyTypes,
  dates,
  ids,
  longStrings,
  numbers,
  nulBytes,
  surrogates,
  type Mutation,
  type MutationClass,
} from './mutate-fields.ts';
import { contentTypes, json } from './mutate-body.ts';
import { credentials } from './mutate-credentials.ts';
import { headers, query, unchanged, url, versions } from './mutate-requests.ts';
import type { ApiDescription, Operation } from './openapi.ts';
import type { RawRequest } from './raw-http.ts';
import type { Seeds } from './seeds.ts';
import { slotsOf } from './slots.ts';

/** One request of a run: the operation it aims at, its mutation class and note, its bytes. */
export interface FuzzCase {
  index: number;
  op: Operation;
  cls: string;
  note: string;
  request: RawRequest;
}

/** Every class with its weight; a class with nothing to change in an operation drops out there. */
export const CLASSES: [MutationClass, number][] = [
  [credentials, 2],
  [bodyTypes, 2],
  [numbers, 2],
  [longStrings, 1],
  [nulBytes, 2],
  [surrogates, 2],
  [json, 2],
  [contentTypes, 2],
  [dates, 2],
  [ids, 3],
  [versions, 1],
  [url, 1],
  [headers, 2],
  [query, 2],
  [unchanged, 1],
];

function arbitraryOf(op: Operation, seeds: Seeds): fc.Arbitrary<Mutation> {
  // A DELETE consumes what it names, so its baselines spread over the seeded victims.
  const victims = op.method === 'DELETE' ? 3 : 1;
  const perBase = Array.from({ length: victims }, (_, n) => {
    const base = baselineOf(op, seeds, n);
    const ctx = { op, base, seeds, slots: slotsOf(op, base) };
    const weighted = CLASSES.flatMap(([build, weight]) => {
      const arbitrary = build(ctx);
      return arbitrary ? [{ arbitrary, weight }] : [];
    });
    return fc.oneof(...weighted);
  });
  return fc.oneof(...perBase);
}

/**
 * `requests` cases spread evenly over the operations and interleaved, each operation's drawn by
 * fast-check from `seed`: the same seed and seeds give the same requests.
 */
export function generateCases(api: ApiDescription, seeds: Seeds, requests: number, seed: number): FuzzCase[] {
  const ops = api.operations;
  const drawn = ops.map((op, k) => {
    const count = Math.floor(requests / ops.length) + (k < requests % ops.length ? 1 : 0);
    return count === 0 ? [] : fc.sample(arbitraryOf(op, seeds), { seed: seed + k * 7_919, numRuns: count });
  });
  const cases: FuzzCase[] = [];
  for (let round = 0; cases.length < requests; round++) {
    ops.forEach((op, k) => {
      const mutation = drawn[k]?.[round];
      if (mutation) {
        cases.push({
          index: cases.length,
          op,
          cls: mutation.cls,
          note: mutation.note,
          request: toRawRequest(mutation.parts),
        });
      }
    });
  }
  return cases;
}

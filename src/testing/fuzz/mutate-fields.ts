import fc from 'fast-check';
import { unknownId } from './baseline.ts';
import type { RequestParts } from './encode.ts';
import type { Operation } from './openapi.ts';
import type { Seeds } from './seeds.ts';
import { bodyName, setBody, setPath, setQuery, shown, type Slots } from './slots.ts';
import {
  BAD_TIMES_OF_DAY,
  BAD_TIMESTAMPS,
  ENCODED_SEGMENTS,
  longLength,
  longString,
  malformedIds,
  NUL_STRINGS,
  NUMBER_STRINGS,
  NUMBER_TEXTS,
  NUMBER_TOKENS,
  SURROGATE_STRINGS,
  WINDOWS,
  WRONG_TYPES,
} from './values.ts';

/** What a mutation made: the request, its class, and a note of what it changed. */
export interface Mutation {
  cls: string;
  note: string;
  parts: RequestParts;
}

export interface MutationContext {
  op: Operation;
  base: RequestParts;
  seeds: Seeds;
  slots: Slots;
}

/** A mutation class: an arbitrary of mutated requests, or undefined where it has nothing to change. */
export type MutationClass = (ctx: MutationContext) => fc.Arbitrary<Mutation> | undefined;

const pick = <T>(items: T[]): fc.Arbitrary<T> | undefined =>
  items.length ? fc.constantFrom(...items) : undefined;
const oneOf = <T>(...arbitraries: (fc.Arbitrary<T> | undefined)[]): fc.Arbitrary<T> | undefined => {
  const present = arbitraries.filter((a): a is fc.Arbitrary<T> => a !== undefined);
  return present.length ? fc.oneof(...present) : undefined;
};

const ID = /^([a-z]{3})_[0-9a-f]{24,32}$/;
const TIMESTAMP = /^\d{4}-\d\d-\d\dT/;
const isTimeName = (name: string) => /(_time|_date)$/.test(name);

/**
 * One string-valued place set to each of `values(current)`: a body field, a query value or a
 * path parameter (query and path text are percent-encoded byte by byte when written).
 */
function stringEverywhere(cls: string, ctx: MutationContext, values: (current: string) => string[]) {
  const { base, slots } = ctx;
  const body = pick(slots.body.filter((s) => typeof s.value === 'string' || s.value === undefined))?.chain(
    (slot) =>
      fc.constantFrom(...values(String(slot.value ?? ''))).map((v) => ({
        cls,
        note: `${bodyName(slot.path)} = ${shown(v)}`,
        parts: setBody(base, slot.path, v),
      })),
  );
  const query = pick(slots.query)?.chain((name) =>
    fc.constantFrom(...values(base.query.find((q) => q.name === name)?.value ?? '')).map((v) => ({
      cls,
      note: `query.${name} = ${shown(v)}`,
      parts: setQuery(base, name, v),
    })),
  );
  const path = pick(slots.path)?.chain((name) =>
    fc.constantFrom(...values(base.pathParams[name]?.value ?? '')).map((v) => ({
      cls,
      note: `path.${name} = ${shown(v)}`,
      parts: setPath(base, name, v),
    })),
  );
  return oneOf(body, query, path);
}

export const nulBytes: MutationClass = (ctx) => stringEverywhere('nul_bytes', ctx, NUL_STRINGS);
export const surrogates: MutationClass = (ctx) => stringEverywhere('surrogates', ctx, SURROGATE_STRINGS);

export const bodyTypes: MutationClass = ({ base, slots }) => {
  if (!base.body || !('json' in base.body)) return undefined;
  const root = { path: [] as (string | number)[], value: base.body.json };
  return fc.tuple(fc.constantFrom(root, ...slots.body), fc.constantFrom(...WRONG_TYPES)).map(([slot, v]) => ({
    cls: 'body_types',
    note: `${bodyName(slot.path)} = ${shown(v)}`,
    parts: setBody(base, slot.path, v),
  }));
};

export const numbers: MutationClass = ({ base, slots, op }) => {
  const numeric = slots.body.filter((s) => typeof s.value === 'number');
  const body = pick(numeric.length ? numeric : slots.body)?.chain((slot) =>
    fc.constantFrom<unknown>(...NUMBER_TOKENS, ...NUMBER_STRINGS).map((v) => ({
      cls: 'numbers',
      note: `${bodyName(slot.path)} = ${shown(v)}`,
      parts: setBody(base, slot.path, v),
    })),
  );
  const typed = op.parameters.filter(
    (p) => p.in === 'query' && (p.schema.type === 'integer' || p.schema.type === 'number'),
  );
  const numericText = base.query.filter((q) => /^-?\d+(\.\d+)?$/.test(q.value)).map((q) => q.name);
  const names = [...new Set([...typed.map((p) => p.name), ...numericText])];
  const query = pick(names.length ? names : slots.query)?.chain((name) =>
    fc.constantFrom(...NUMBER_TEXTS).map((v) => ({
      cls: 'numbers',
      note: `query.${name} = ${shown(v)}`,
      parts: setQuery(base, name, v),
    })),
  );
  return oneOf(body, query);
};

export const longStrings: MutationClass = ({ base, slots }) => {
  const fill = fc.constantFrom('x', 'é', '😀', '0123456789abcdef', ' ');
  const body = pick(slots.body)?.chain((slot) =>
    fc.tuple(longLength(true), fill).map(([n, f]) => ({
      cls: 'long_strings',
      note: `${bodyName(slot.path)} = ${n} × ${JSON.stringify(f)}`,
      parts: setBody(base, slot.path, longString(n, f)),
    })),
  );
  const query = pick(slots.query)?.chain((name) =>
    fc.tuple(longLength(false), fill).map(([n, f]) => ({
      cls: 'long_strings',
      note: `query.${name} = ${n} × ${JSON.stringify(f)}`,
      parts: setQuery(base, name, longString(n, f)),
    })),
  );
  const path = pick(slots.path)?.chain((name) =>
    longLength(false).map((n) => ({
      cls: 'long_strings',
      note: `path.${name} = ${n} chars`,
      parts: setPath(base, name, longString(n, 'a')),
    })),
  );
  return oneOf(body, query, path);
};

export const dates: MutationClass = ({ base, slots }) => {
  const timeSlots = slots.body.filter(
    (s) => (typeof s.value === 'string' && TIMESTAMP.test(s.value)) || isTimeName(String(s.path.at(-1))),
  );
  const clockSlots = slots.body.filter(
    (s) => typeof s.value === 'string' && /^\d\d:\d\d:\d\d$/.test(s.value),
  );
  const timeNames = slots.query.filter(isTimeName);
  const body = pick(timeSlots)?.chain((slot) =>
    fc.constantFrom(...BAD_TIMESTAMPS).map((v) => ({
      cls: 'dates',
      note: `${bodyName(slot.path)} = ${shown(v)}`,
      parts: setBody(base, slot.path, v),
    })),
  );
  const clock = pick(clockSlots)?.chain((slot) =>
    fc.constantFrom(...BAD_TIMES_OF_DAY).map((v) => ({
      cls: 'dates',
      note: `${bodyName(slot.path)} = ${shown(v)}`,
      parts: setBody(base, slot.path, v),
    })),
  );
  const query = pick(timeNames)?.chain((name) =>
    fc.constantFrom(...BAD_TIMESTAMPS).map((v) => ({
      cls: 'dates',
      note: `query.${name} = ${shown(v)}`,
      parts: setQuery(base, name, v),
    })),
  );
  // A window: the start and end fields of one object (or the query) set together.
  const pairs: { set: (parts: RequestParts, a: string, b: string) => RequestParts; where: string }[] = [];
  for (const slot of timeSlots) {
    const last = String(slot.path.at(-1));
    if (!last.startsWith('start') && !last.startsWith('contract_start')) continue;
    const endKey = last.replace('start', 'end');
    const endPath = [...slot.path.slice(0, -1), endKey];
    pairs.push({
      where: bodyName(slot.path.slice(0, -1)) || 'body',
      set: (parts, a, b) => setBody(setBody(parts, slot.path, a), endPath, b),
    });
  }
  if (timeNames.includes('start_time') && timeNames.includes('end_time'))
    pairs.push({
      where: 'query',
      set: (parts, a, b) => setQuery(setQuery(parts, 'start_time', a), 'end_time', b),
    });
  const windows = pick(pairs)?.chain((pair) =>
    fc.constantFrom(...WINDOWS).map(([a, b]) => ({
      cls: 'dates',
      note: `${pair.where} window ${a} → ${b}`,
      parts: pair.set(base, a, b),
    })),
  );
  return oneOf(body, clock, query, windows);
};

/** Unknown, malformed, foreign-scope and wrong-kind IDs wherever the request names an object. */
export const ids: MutationClass = ({ base, slots, seeds, op }) => {
  const book = seeds.books[op.auth];
  const candidates = (current: string): string[] => {
    const prefix = ID.exec(current)?.[1] ?? 'obj';
    const otherKinds = [...book.own.values()].filter((id) => !id.startsWith(`${prefix}_`));
    return [unknownId(prefix), ...malformedIds(prefix), ...book.foreign, ...otherKinds];
  };
  const isIdName = (name: string) => /(^id$|_id$|^starting_after$|^ending_before$)/.test(name);
  const bodySlots = slots.body.filter(
    (s) => (typeof s.value === 'string' && ID.test(s.value)) || isIdName(String(s.path.at(-1))),
  );
  const body = pick(bodySlots)?.chain((slot) =>
    fc.constantFrom(...candidates(String(slot.value ?? ''))).map((v) => ({
      cls: 'ids',
      note: `${bodyName(slot.path)} = ${shown(v)}`,
      parts: setBody(base, slot.path, v),
    })),
  );
  const query = pick(slots.query.filter(isIdName))?.chain((name) => {
    const current = base.query.find((q) => q.name === name)?.value ?? [...book.own.values()][0] ?? '';
    return fc.constantFrom(...candidates(current)).map((v) => ({
      cls: 'ids',
      note: `query.${name} = ${shown(v)}`,
      parts: setQuery(base, name, v),
    }));
  });
  const path = pick(slots.path)?.chain((name) => {
    const current = base.pathParams[name]?.value ?? '';
    const plain = fc.constantFrom(...candidates(current)).map((v) => ({
      cls: 'ids',
      note: `path.${name} = ${shown(v)}`,
      parts: setPath(base, name, v),
    }));
    const encoded = fc.constantFrom(...ENCODED_SEGMENTS).map((v) => ({
      cls: 'ids',
      note: `path.${name} = ${v} (raw)`,
      parts: setPath(base, name, v, true),
    }));
    // Mostly IDs that route; undecodable ones stop before authentication.
    return fc.oneof({ arbitrary: plain, weight: 3 }, { arbitrary: encoded, weight: 1 });
  });
  // Both cursors at once, each naming a real object.
  const own = [...book.own.values()];
  const cursors =
    slots.query.includes('starting_after') && slots.query.includes('ending_before') && own.length
      ? fc.tuple(fc.constantFrom(...own), fc.constantFrom(...own)).map(([a, b]) => ({
          cls: 'ids',
          note: `starting_after=${a} and ending_before=${b}`,
          parts: setQuery(setQuery(base, 'starting_after', a), 'ending_before', b),
        }))
      : undefined;
  return oneOf(body, query, path, cursors);
};

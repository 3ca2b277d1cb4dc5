import { isDeepStrictEqual } from 'node:util';

/**
 * What the crash test's writers were told: every write the server acknowledged (a 2xx answer
 * read in full), and the one write per writer that was in flight when the server died, whose
 * effect may or may not have survived. The verifier compares the server's state with it.
 */
export type Kind = 'customer' | 'location' | 'device' | 'tariff';

/** The fields a write set, as the API returns them; other fields are not compared. */
export type Fields = Readonly<Record<string, unknown>>;
export type State = Fields | 'deleted';

export interface Entity {
  readonly kind: Kind;
  readonly id: string;
  /** The state the last acknowledged write left. */
  state: State;
  /** The state an unacknowledged write may have left instead (the server died before answering). */
  maybe: State | undefined;
  /** The entity whose deletion deletes this one: a location's customer, a tariff's location. */
  readonly parent: string | undefined;
  /** Writers leave it alone: the location meter records go to, and its tariff. */
  readonly pinned: boolean;
}

/** One entity's state after a write. */
export interface Change {
  entity: Entity;
  next: State;
}

/** How a write ended: answered 2xx, answered otherwise, or not answered (the server died). */
export type Outcome = 'acknowledged' | 'refused' | 'unanswered';

export interface MeterRecordSent {
  ref: string;
  wh: number;
}

export interface MeterBatchAcknowledged {
  batchId: string;
  locationId: string;
  records: MeterRecordSent[];
}

/** An acknowledged write sent with an Idempotency-Key: a retry must replay its answer. */
export interface IdempotentWrite {
  key: string;
  method: 'POST' | 'PUT';
  path: string;
  body: unknown;
  status: number;
  response: unknown;
}

export class Ledger {
  readonly entities = new Map<string, Entity>();
  readonly batches: MeterBatchAcknowledged[] = [];
  readonly idempotent: IdempotentWrite[] = [];

  /** Records an acknowledged create. */
  created(kind: Kind, id: string, fields: Fields, parent?: string, pinned = false): Entity {
    const entity: Entity = { kind, id, state: fields, maybe: undefined, parent, pinned };
    this.entities.set(id, entity);
    return entity;
  }

  /** Entities of `kind` that exist and that writers may change. */
  live(kind: Kind): Entity[] {
    return [...this.entities.values()].filter((e) => e.kind === kind && !e.pinned && e.state !== 'deleted');
  }

  /** The changes a delete of `entity` makes: it and everything under it, as cascades go. */
  deletion(entity: Entity): Change[] {
    const changes: Change[] = [{ entity, next: 'deleted' }];
    for (let i = 0; i < changes.length; i++) {
      const parentId = changes[i]!.entity.id;
      for (const child of this.entities.values()) {
        if (child.parent === parentId && child.state !== 'deleted')
          changes.push({ entity: child, next: 'deleted' });
      }
    }
    return changes;
  }

  /** Applies a write's changes as its outcome allows. */
  settle(changes: readonly Change[], outcome: Outcome): void {
    for (const { entity, next } of changes) {
      if (outcome === 'acknowledged') entity.state = next;
      entity.maybe = outcome === 'unanswered' ? next : undefined;
    }
  }
}

/** Whether `observed` (the fetched object, or `deleted` on a 404) shows `expected`. */
export function shows(expected: State, observed: State): boolean {
  if (expected === 'deleted' || observed === 'deleted') return expected === observed;
  return Object.entries(expected).every(([field, value]) => isDeepStrictEqual(observed[field], value));
}

function describe(state: State, like?: State): string {
  if (state === 'deleted') return 'deleted';
  const fields = like && like !== 'deleted' ? Object.keys(like) : Object.keys(state);
  return JSON.stringify(Object.fromEntries(fields.map((f) => [f, state[f]])));
}

/**
 * Checks one entity against what the server has, and on success settles an uncertain entity to
 * what was observed, so that a later round knows its state. Returns the problem, if any.
 */
export function checkEntity(entity: Entity, observed: State): string | undefined {
  if (shows(entity.state, observed)) {
    entity.maybe = undefined;
    return undefined;
  }
  if (entity.maybe !== undefined && shows(entity.maybe, observed)) {
    entity.state = entity.maybe;
    entity.maybe = undefined;
    return undefined;
  }
  const what =
    observed === 'deleted'
      ? 'is missing'
      : entity.state === 'deleted'
        ? 'is still there'
        : `has ${describe(observed, entity.state)}`;
  return `${entity.kind} ${entity.id} was acknowledged as ${describe(entity.state)} but ${what}`;
}

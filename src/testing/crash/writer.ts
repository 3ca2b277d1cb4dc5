import type { Answer, ApiSession } from './http-client.ts';
import { Ledger, type Change, type Entity, type Fields, type Kind, type Outcome } from './ledger.ts';
import type { Random } from './random.ts';
import {
  ADDRESSES,
  flat,
  isoSeconds,
  METER_START_MS,
  pathOf,
  PATHS,
  QUARTER_HOUR_MS,
  tariffBody,
  tariffFields,
} from './wire.ts';

/** The change a PATCH of `body` makes to a live entity. */
function patched(entity: Entity, body: Fields): Change {
  if (entity.state === 'deleted') throw new Error(`${entity.kind} ${entity.id} is deleted`);
  return { entity, next: { ...entity.state, ...body } };
}

/** What one writer's writes came to in one round. */
export interface Tally {
  acknowledged: number;
  unanswered: number;
  /** Answers other than 2xx, by status; a healthy server gives none to this workload. */
  refused: Record<string, number>;
}

export const emptyTally = (): Tally => ({ acknowledged: 0, unanswered: 0, refused: {} });

interface Sent {
  outcome: Outcome;
  answer: Answer;
}

/**
 * One client writing in sequence, so at most one of its writes is in flight at any moment. A
 * writer changes only the entities it created, so the order it saw its writes acknowledged in is
 * the order they committed in, and its ledger says what the server must hold.
 */
export class Writer {
  readonly ledger = new Ledger();
  tally: Tally = emptyTally();
  inFlight = false;
  meterLocationId: string | undefined;
  /** Quarter-hours used by meter records so far: never reused, so no record overwrites another. */
  quarterHours = 0;
  private writes = 0;

  constructor(
    readonly index: number,
    private readonly random: Random,
    /** Makes reference and idempotency keys unique to the run. */
    private readonly runId: string,
    public session: ApiSession,
  ) {}

  /** Creates the location meter records go to and a tariff to price them; done before any kill. */
  async setUp(): Promise<void> {
    const reference_id = `${this.runId}-w${this.index}-meter`;
    const postal_address = ADDRESSES[0]!;
    const location = await this.session.expect<{ id: string }>('POST', '/locations', [201], {
      body: { postal_address, reference_id },
    });
    this.ledger.created('location', location.id, { postal_address, reference_id }, undefined, true);
    const body = tariffBody(location.id, this.reference(), 0.25);
    const tariff = await this.session.expect<{ id: string }>('POST', '/tariffs', [201], { body });
    this.ledger.created('tariff', tariff.id, tariffFields(body), location.id, true);
    this.meterLocationId = location.id;
  }

  /** Writes until `stop.stopped`, or until a write goes unanswered (the server died). */
  async run(stop: { stopped: boolean }): Promise<void> {
    while (!stop.stopped) {
      if ((await this.writeOnce()) === 'unanswered') return;
    }
  }

  /** One write of the mix, chosen at random among those the ledger allows. */
  writeOnce(): Promise<Outcome> {
    const customers = this.ledger.live('customer');
    const locations = this.ledger.live('location');
    const devices = this.ledger.live('device');
    const tariffs = this.ledger.live('tariff');
    const choices: [number, () => Promise<Outcome>][] = [
      [14, () => this.createCustomer()],
      [14, () => this.createLocation(customers)],
      [10, () => this.createDevice()],
      [12, () => this.submitMeterRecords()],
    ];
    if (locations.length) choices.push([8, () => this.createTariff(locations)]);
    if (customers.length)
      choices.push([8, () => this.updateCustomer(customers)], [3, () => this.remove(customers)]);
    if (locations.length)
      choices.push([8, () => this.updateLocation(locations)], [4, () => this.remove(locations)]);
    if (devices.length) choices.push([8, () => this.updateDevice(devices)], [4, () => this.remove(devices)]);
    if (tariffs.length) choices.push([6, () => this.updateTariff(tariffs)], [3, () => this.remove(tariffs)]);
    let ticket = this.random.next() * choices.reduce((sum, [weight]) => sum + weight, 0);
    for (const [weight, write] of choices) {
      ticket -= weight;
      if (ticket < 0) return write();
    }
    return choices[0]![1]();
  }

  private reference(): string {
    return `${this.runId}-w${this.index}-${this.writes}-${this.random.int(0, 1e9).toString(36)}`;
  }

  private async send(method: string, path: string, body: unknown, idempotent = false): Promise<Sent> {
    const key = idempotent ? `${this.runId}-w${this.index}-k${this.writes}` : undefined;
    this.writes++;
    this.inFlight = true;
    const answer = await this.session.request(method, path, {
      body,
      ...(key ? { idempotencyKey: key } : {}),
    });
    this.inFlight = false;
    const outcome: Outcome = !answer.answered
      ? 'unanswered'
      : answer.status >= 200 && answer.status < 300
        ? 'acknowledged'
        : 'refused';
    if (outcome === 'acknowledged') this.tally.acknowledged++;
    if (outcome === 'unanswered') this.tally.unanswered++;
    if (outcome === 'refused' && answer.answered) {
      const status = String(answer.status);
      this.tally.refused[status] = (this.tally.refused[status] ?? 0) + 1;
    }
    if (outcome === 'acknowledged' && key && answer.answered && (method === 'POST' || method === 'PUT')) {
      this.ledger.idempotent.push({ key, method, path, body, status: answer.status, response: answer.body });
    }
    return { outcome, answer };
  }

  /** A create: the server names the entity, so it enters the ledger only once acknowledged. */
  private async create(kind: Kind, body: Record<string, unknown>, fields: Fields, parent?: string) {
    const { outcome, answer } = await this.send('POST', PATHS[kind], body, this.random.chance(0.3));
    if (outcome === 'acknowledged' && answer.answered) {
      this.ledger.created(kind, (answer.body as { id: string }).id, fields, parent);
    }
    return outcome;
  }

  private async change(method: 'PATCH' | 'DELETE', entity: Entity, body: unknown, changes: Change[]) {
    const { outcome } = await this.send(method, pathOf(entity), body);
    this.ledger.settle(changes, outcome);
    return outcome;
  }

  private createCustomer(): Promise<Outcome> {
    const reference_id = this.reference();
    return this.create('customer', { reference_id }, { reference_id });
  }

  private createLocation(customers: Entity[]): Promise<Outcome> {
    const customer = this.random.chance(0.5) ? this.random.pick(customers) : undefined;
    const fields = {
      reference_id: this.reference(),
      postal_address: this.random.pick(ADDRESSES)!,
      customer_id: customer?.id,
    };
    const body = customer
      ? fields
      : { reference_id: fields.reference_id, postal_address: fields.postal_address };
    return this.create('location', body, fields, customer?.id);
  }

  private createDevice(): Promise<Outcome> {
    const fields = {
      reference_id: this.reference(),
      pv_system: this.random.chance(0.5) ? this.pvSystem() : undefined,
    };
    const body = fields.pv_system ? fields : { reference_id: fields.reference_id };
    return this.create('device', body, fields);
  }

  private createTariff(locations: Entity[]): Promise<Outcome> {
    const location = this.random.pick(locations)!;
    const body = tariffBody(location.id, this.reference(), this.random.int(5, 60) / 100);
    return this.create('tariff', body, tariffFields(body), location.id);
  }

  private updateCustomer(customers: Entity[]): Promise<Outcome> {
    const customer = this.random.pick(customers)!;
    const body = { reference_id: this.reference() };
    return this.change('PATCH', customer, body, [patched(customer, body)]);
  }

  private updateLocation(locations: Entity[]): Promise<Outcome> {
    const location = this.random.pick(locations)!;
    const body = { reference_id: this.reference(), grid_node_id: `node-${this.random.int(1, 999)}` };
    return this.change('PATCH', location, body, [patched(location, body)]);
  }

  private updateDevice(devices: Entity[]): Promise<Outcome> {
    const device = this.random.pick(devices)!;
    const body = this.random.chance(0.5)
      ? { pv_system: this.pvSystem() }
      : { reference_id: this.reference() };
    return this.change('PATCH', device, body, [patched(device, body)]);
  }

  private updateTariff(tariffs: Entity[]): Promise<Outcome> {
    const tariff = this.random.pick(tariffs)!;
    const body = { display_name: this.reference(), schedule: flat(this.random.int(5, 60) / 100) };
    return this.change('PATCH', tariff, body, [patched(tariff, body)]);
  }

  private remove(entities: Entity[]): Promise<Outcome> {
    const entity = this.random.pick(entities)!;
    return this.change('DELETE', entity, undefined, this.ledger.deletion(entity));
  }

  /** One to four quarter-hour records of the writer's meter location, in quarter-hours not used before. */
  private async submitMeterRecords(): Promise<Outcome> {
    const locationId = this.meterLocationId!;
    const records = Array.from({ length: this.random.int(1, 4) }, () => {
      const start = METER_START_MS + this.quarterHours++ * QUARTER_HOUR_MS;
      return {
        location_id: locationId,
        units: 'WH',
        value: this.random.int(1, 2000),
        start_time: isoSeconds(start),
        end_time: isoSeconds(start + QUARTER_HOUR_MS),
        record_reference_id: `${this.runId}-w${this.index}-q${this.quarterHours}`,
      };
    });
    const { outcome, answer } = await this.send('PUT', '/meters/interval', records, this.random.chance(0.3));
    if (outcome === 'acknowledged' && answer.answered) {
      this.ledger.batches.push({
        batchId: (answer.body as { id: string }).id,
        locationId,
        records: records.map((r) => ({ ref: r.record_reference_id, wh: r.value })),
      });
    }
    return outcome;
  }

  private pvSystem(): Fields {
    return {
      capacity_kw: this.random.int(10, 120) / 10,
      tilt: this.random.int(0, 60),
      arrays: [{ panels: 12 }],
    };
  }
}

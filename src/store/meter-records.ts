import { sql, type Selectable } from 'kysely';
import type { Scope } from '../lib/scope.ts';
import type { Db, MeterBatchRow, MeterRecordRow } from './schema.ts';

export type MeterRecordRecord = Selectable<MeterRecordRow>;
export type MeterBatchRecord = Selectable<MeterBatchRow>;

/** What one upsert writes into every row: its scope, its batch and its time. */
export interface MeterRecordBatch {
  accountId: string;
  liveMode: boolean;
  batchId: string;
  createdAt: Date;
}

/** A record to upsert: a row without the batch's fields, its interval as UTC epoch ms. */
export type NewMeterRecord = Omit<
  MeterRecordRecord,
  'account_id' | 'live_mode' | 'batch_id' | 'created_at' | 'start_at' | 'end_at'
> & { start: number; end: number };

/** A stored record as prices and costs read it: the interval as UTC epoch ms, no bookkeeping. */
export interface MeterRecordForCost {
  location_id: string;
  owner_id: string;
  energy_flow_direction: MeterRecordRow['energy_flow_direction'];
  start: number;
  end: number;
  units: MeterRecordRow['units'];
  value: string;
  confidence: number;
  session_reference_id: string | null;
  record_reference_id: string | null;
}

/** Rows per statement: keeps each upsert's arrays a few hundred kilobytes. */
const CHUNK = 5_000;

/**
 * Inserts records, replacing any stored record with the same owner, directions and interval.
 * Each chunk is one statement over column arrays (`unnest`), with the batch's fields sent once,
 * so 10,000 records cost two round trips. A record equal to the stored one in every field a
 * report reads is left as it is (no new row version: re-sending a batch costs PostgreSQL little),
 * so it keeps the id and batch of its first submission. The caller removes duplicates of one key
 * within a call (the last one wins).
 */
export async function upsertMeterRecords(
  db: Db,
  batch: MeterRecordBatch,
  records: readonly NewMeterRecord[],
): Promise<void> {
  for (let offset = 0; offset < records.length; offset += CHUNK) {
    const chunk = records.slice(offset, offset + CHUNK);
    const column = <K extends keyof NewMeterRecord>(key: K) => chunk.map((r) => r[key]);
    const instants = (key: 'start' | 'end') => chunk.map((r) => new Date(r[key]).toISOString());
    await sql`
      insert into meter_records (account_id, live_mode, id, owner_id, location_id, device_id, tariff_direction,
        energy_flow_direction, start_at, end_at, units, value, confidence, session_reference_id,
        record_reference_id, batch_id, created_at)
      select ${batch.accountId}::text, ${batch.liveMode}::boolean, r.id, r.owner_id, r.location_id, r.device_id,
        r.tariff_direction, r.energy_flow_direction, r.start_at, r.end_at, r.units, r.value, r.confidence,
        r.session_reference_id, r.record_reference_id, ${batch.batchId}::text, ${batch.createdAt}::timestamptz
      from unnest(
        ${column('id')}::text[], ${column('owner_id')}::text[], ${column('location_id')}::text[],
        ${column('device_id')}::text[], ${column('tariff_direction')}::text[],
        ${column('energy_flow_direction')}::text[], ${instants('start')}::timestamptz[],
        ${instants('end')}::timestamptz[], ${column('units')}::text[], ${column('value')}::text[],
        ${column('confidence')}::double precision[], ${column('session_reference_id')}::text[],
        ${column('record_reference_id')}::text[])
        as r(id, owner_id, location_id, device_id, tariff_direction, energy_flow_direction, start_at, end_at,
          units, value, confidence, session_reference_id, record_reference_id)
      on conflict (account_id, live_mode, owner_id, tariff_direction, energy_flow_direction, start_at, end_at)
      do update set units = excluded.units, value = excluded.value, confidence = excluded.confidence,
        location_id = excluded.location_id, session_reference_id = excluded.session_reference_id,
        record_reference_id = excluded.record_reference_id, batch_id = excluded.batch_id
      where (meter_records.units, meter_records.value, meter_records.confidence, meter_records.location_id,
          meter_records.session_reference_id, meter_records.record_reference_id)
        is distinct from (excluded.units, excluded.value, excluded.confidence, excluded.location_id,
          excluded.session_reference_id, excluded.record_reference_id)`.execute(db);
  }
}

/** Epoch ms of a stored instant (Offpeak stores whole ms; the float8 seconds are rounded back to them). */
const epochMs = (column: 'start_at' | 'end_at') =>
  sql<number>`round(date_part('epoch', ${sql.ref(column)}) * 1000)`;

/** One record as the cost query packs it: the fields of MeterRecordForCost, in order. */
type Packed = [
  string,
  string,
  MeterRecordForCost['energy_flow_direction'],
  number,
  number,
  MeterRecordForCost['units'],
  string,
  number,
  string | null,
  string | null,
];

/**
 * Reads the matching records packed into one JSON array in one row. A year of records is 35,040
 * rows; as one value it skips the per-row protocol messages and per-column parsing of both
 * drivers (PGlite hands rows over twice: to its adapter, then to node-postgres), and JSON.parse
 * reads it in one native pass. Exact: value stays decimal text, times whole ms.
 */
async function selectForCost(
  db: Db,
  scope: Scope,
  filter: (query: ReturnType<typeof scoped>) => ReturnType<typeof scoped>,
): Promise<MeterRecordForCost[]> {
  const packed = sql<string>`coalesce(json_agg(json_build_array(location_id, owner_id, energy_flow_direction,
    ${epochMs('start_at')}, ${epochMs('end_at')}, units, value, confidence, session_reference_id,
    record_reference_id) order by start_at, end_at)::text, '[]')`;
  const row = await filter(scoped(db, scope)).select(packed.as('records')).executeTakeFirstOrThrow();
  return (JSON.parse(row.records) as Packed[]).map((r) => ({
    location_id: r[0],
    owner_id: r[1],
    energy_flow_direction: r[2],
    start: r[3],
    end: r[4],
    units: r[5],
    value: r[6],
    confidence: r[7],
    session_reference_id: r[8],
    record_reference_id: r[9],
  }));
}

function scoped(db: Db, scope: Scope) {
  return db
    .selectFrom('meter_records')
    .where('account_id', '=', scope.accountId)
    .where('live_mode', '=', scope.liveMode);
}

/** Records of an owner and tariff direction that overlap [start, end), in time order. */
export async function selectMeterRecordsInWindow(
  db: Db,
  scope: Scope,
  filter: { ownerId: string; tariffDirection: MeterRecordRow['tariff_direction']; start: Date; end: Date },
): Promise<MeterRecordForCost[]> {
  return selectForCost(db, scope, (query) =>
    query
      .where('owner_id', '=', filter.ownerId)
      .where('tariff_direction', '=', filter.tariffDirection)
      .where('start_at', '<', filter.end)
      .where('end_at', '>', filter.start),
  );
}

/** The records of a session in one tariff direction, in time order. */
export async function selectMeterRecordsOfSession(
  db: Db,
  scope: Scope,
  sessionReferenceId: string,
  tariffDirection: MeterRecordRow['tariff_direction'],
): Promise<MeterRecordForCost[]> {
  return selectForCost(db, scope, (query) =>
    query
      .where('session_reference_id', '=', sessionReferenceId)
      .where('tariff_direction', '=', tariffDirection),
  );
}

/** The location of an owner's latest record (by end), in any direction; undefined without records. */
export async function selectLatestLocationOfOwner(
  db: Db,
  scope: Scope,
  ownerId: string,
): Promise<string | undefined> {
  const row = await scoped(db, scope)
    .select('location_id')
    .where('owner_id', '=', ownerId)
    .orderBy('end_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.location_id;
}

export async function insertMeterBatch(db: Db, batch: MeterBatchRecord): Promise<void> {
  await db
    .insertInto('meter_batches')
    .values({ ...batch, failed_records: JSON.stringify(batch.failed_records) })
    .execute();
}

export async function selectMeterBatchById(
  db: Db,
  scope: Scope,
  id: string,
): Promise<MeterBatchRecord | undefined> {
  return db
    .selectFrom('meter_batches')
    .selectAll()
    .where('account_id', '=', scope.accountId)
    .where('live_mode', '=', scope.liveMode)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The last stored register read of a cumulative series. */
export async function selectRegisterRead(
  db: Db,
  scope: Scope,
  seriesKey: string,
): Promise<{ readAt: Date; valueKwh: string } | undefined> {
  const row = await db
    .selectFrom('meter_register_reads')
    .select(['read_at', 'value_kwh'])
    .where('account_id', '=', scope.accountId)
    .where('live_mode', '=', scope.liveMode)
    .where('series_key', '=', seriesKey)
    .executeTakeFirst();
  return row && { readAt: row.read_at, valueKwh: row.value_kwh };
}

export async function upsertRegisterRead(
  db: Db,
  scope: Scope,
  seriesKey: string,
  readAt: Date,
  valueKwh: string,
): Promise<void> {
  await db
    .insertInto('meter_register_reads')
    .values({
      account_id: scope.accountId,
      live_mode: scope.liveMode,
      series_key: seriesKey,
      read_at: readAt,
      value_kwh: valueKwh,
    })
    .onConflict((oc) =>
      oc
        .columns(['account_id', 'live_mode', 'series_key'])
        .doUpdateSet({ read_at: readAt, value_kwh: valueKwh }),
    )
    .execute();
}

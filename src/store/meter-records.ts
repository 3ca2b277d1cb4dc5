import { sql, type Selectable } from 'kysely';
import type { Scope } from '../lib/scope.ts';
import type { Db, MeterBatchRow, MeterRecordRow } from './schema.ts';

export type MeterRecordRecord = Selectable<MeterRecordRow>;
export type MeterBatchRecord = Selectable<MeterBatchRow>;

/** Rows per statement: keeps each upsert's arrays a few hundred kilobytes. */
const CHUNK = 5_000;

/**
 * Inserts records, replacing any stored record with the same owner, directions and interval.
 * Each chunk is one statement over column arrays (`unnest`), so 10,000 records cost two round
 * trips. The caller removes duplicates of one key within a call (the last one wins).
 */
export async function upsertMeterRecords(db: Db, records: readonly MeterRecordRecord[]): Promise<void> {
  for (let offset = 0; offset < records.length; offset += CHUNK) {
    const chunk = records.slice(offset, offset + CHUNK);
    const column = <K extends keyof MeterRecordRecord>(key: K) => chunk.map((r) => r[key]);
    await sql`
      insert into meter_records (account_id, live_mode, id, owner_id, location_id, device_id, tariff_direction,
        energy_flow_direction, start_at, end_at, units, value, confidence, session_reference_id,
        record_reference_id, batch_id, created_at)
      select * from unnest(
        ${column('account_id')}::text[], ${column('live_mode')}::boolean[], ${column('id')}::text[],
        ${column('owner_id')}::text[], ${column('location_id')}::text[], ${column('device_id')}::text[],
        ${column('tariff_direction')}::text[], ${column('energy_flow_direction')}::text[],
        ${column('start_at')}::timestamptz[], ${column('end_at')}::timestamptz[], ${column('units')}::text[],
        ${column('value')}::text[], ${column('confidence')}::double precision[],
        ${column('session_reference_id')}::text[], ${column('record_reference_id')}::text[],
        ${column('batch_id')}::text[], ${column('created_at')}::timestamptz[])
      on conflict (account_id, live_mode, owner_id, tariff_direction, energy_flow_direction, start_at, end_at)
      do update set units = excluded.units, value = excluded.value, confidence = excluded.confidence,
        location_id = excluded.location_id, session_reference_id = excluded.session_reference_id,
        record_reference_id = excluded.record_reference_id, batch_id = excluded.batch_id`.execute(db);
  }
}

/** Records of an owner and tariff direction that overlap [start, end), in time order. */
export async function selectMeterRecordsInWindow(
  db: Db,
  scope: Scope,
  filter: { ownerId: string; tariffDirection: MeterRecordRow['tariff_direction']; start: Date; end: Date },
): Promise<MeterRecordRecord[]> {
  return db
    .selectFrom('meter_records')
    .selectAll()
    .where('account_id', '=', scope.accountId)
    .where('live_mode', '=', scope.liveMode)
    .where('owner_id', '=', filter.ownerId)
    .where('tariff_direction', '=', filter.tariffDirection)
    .where('start_at', '<', filter.end)
    .where('end_at', '>', filter.start)
    .orderBy('start_at')
    .orderBy('end_at')
    .execute();
}

export async function selectMeterRecordsOfSession(
  db: Db,
  scope: Scope,
  sessionReferenceId: string,
  tariffDirection: MeterRecordRow['tariff_direction'],
): Promise<MeterRecordRecord[]> {
  return db
    .selectFrom('meter_records')
    .selectAll()
    .where('account_id', '=', scope.accountId)
    .where('live_mode', '=', scope.liveMode)
    .where('session_reference_id', '=', sessionReferenceId)
    .where('tariff_direction', '=', tariffDirection)
    .orderBy('start_at')
    .execute();
}

export async function countMeterRecords(db: Db, scope: Scope, ownerId: string): Promise<number> {
  const row = await db
    .selectFrom('meter_records')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('account_id', '=', scope.accountId)
    .where('live_mode', '=', scope.liveMode)
    .where('owner_id', '=', ownerId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
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

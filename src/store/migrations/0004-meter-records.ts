import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Records are stored as metered (value and units over [start_at, end_at)); energy and cost are
  // computed from them exactly when reported. One row per overwrite key: a record submitted again
  // for the same owner, directions and interval replaces the earlier one.
  await db.schema
    .createTable('meter_records')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('live_mode', 'boolean', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('location_id', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text')
    .addColumn('tariff_direction', 'text', (c) => c.notNull())
    .addColumn('energy_flow_direction', 'text', (c) => c.notNull())
    .addColumn('start_at', 'timestamptz', (c) => c.notNull())
    .addColumn('end_at', 'timestamptz', (c) => c.notNull())
    .addColumn('units', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('confidence', 'double precision', (c) => c.notNull())
    .addColumn('session_reference_id', 'text')
    .addColumn('record_reference_id', 'text')
    .addColumn('batch_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('meter_records_pk', ['account_id', 'live_mode', 'id'])
    .addUniqueConstraint('meter_records_key', [
      'account_id',
      'live_mode',
      'owner_id',
      'tariff_direction',
      'energy_flow_direction',
      'start_at',
      'end_at',
    ])
    .execute();
  await db.schema
    .createIndex('meter_records_session')
    .on('meter_records')
    .columns(['account_id', 'live_mode', 'session_reference_id'])
    .execute();

  await db.schema
    .createTable('meter_batches')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('live_mode', 'boolean', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('records_submitted', 'integer', (c) => c.notNull())
    .addColumn('records_accepted', 'integer', (c) => c.notNull())
    .addColumn('records_processed', 'integer', (c) => c.notNull())
    .addColumn('failed_records', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('meter_batches_pk', ['account_id', 'live_mode', 'id'])
    .execute();

  // The last register read of each cumulative series, so the next submission continues it.
  await db.schema
    .createTable('meter_register_reads')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('live_mode', 'boolean', (c) => c.notNull())
    .addColumn('series_key', 'text', (c) => c.notNull())
    .addColumn('read_at', 'timestamptz', (c) => c.notNull())
    .addColumn('value_kwh', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('meter_register_reads_pk', ['account_id', 'live_mode', 'series_key'])
    .execute();
}

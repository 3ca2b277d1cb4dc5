import { sql, type Kysely } from 'kysely';

// When a tariff's next contract notice is due: `tariff.expiring` 7 days before contract_end, then
// `tariff.expired` at contract_end; null once both are sent. The notice sweep claims due rows
// across accounts (`for update skip locked`), hence the index on this column alone. Tariffs that
// exist already start with their expiring notice due. Portable SQL only, as in 0001.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('tariffs').addColumn('next_notice_at', 'timestamptz').execute();
  await sql`update tariffs set next_notice_at = contract_end - interval '7 days'`.execute(db);
  await db.schema.createIndex('tariffs_next_notice').on('tariffs').column('next_notice_at').execute();
}

import { sql, type Kysely } from 'kysely';

// Each customer keeps the IDs of its locations, in `id` order, on its own row
// [decision:customer-location-ids]: a list page then reads one row per customer instead of
// running a locations subquery per customer. The store keeps the column in step with `locations`
// in the same transaction as every location insert, delete and move (src/store/locations.ts).
// Existing rows are filled from `locations` here. Portable SQL only.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('customers')
    .addColumn('location_ids', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .execute();
  await sql`
    update customers c
       set location_ids = array(
             select l.id from locations l
              where l.account_id = c.account_id and l.live_mode = c.live_mode and l.customer_id = c.id
              order by l.id)
     where exists (
             select 1 from locations l
              where l.account_id = c.account_id and l.live_mode = c.live_mode and l.customer_id = c.id)`.execute(
    db,
  );
}

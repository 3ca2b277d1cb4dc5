// Sends the last two hours of a meter's readings as half-hour interval records, idempotently,
// then reads the batch back.
//
//   OFFPEAK_URL=… OFFPEAK_ACCOUNT_ID=… OFFPEAK_API_KEY=… npx tsx examples/send-meter-readings.ts
import { newIdempotencyKey } from '../sdk/src/index.ts';
import { clientFromEnv, exampleLocation, iso, thisHour } from './setup.ts';

const HALF_HOUR = 1_800_000;
const client = clientFromEnv();
const locationId = await exampleLocation(client);

const start = thisHour() - 2 * 3_600_000;
const readings = [1200, 950, 3100, 2875].map((watts, i) => ({
  location_id: locationId,
  record_reference_id: `example-${iso(start + i * HALF_HOUR)}`,
  units: 'W',
  value: watts,
  start_time: iso(start + i * HALF_HOUR),
  end_time: iso(start + (i + 1) * HALF_HOUR),
}));

// One key for this batch: sending it again (after a timeout, say) cannot store it twice.
const idempotencyKey = newIdempotencyKey();
const batch = await client.put('/meters/interval', { body: readings, idempotencyKey });
const again = await client.put('/meters/interval', { body: readings, idempotencyKey });
console.log(
  `Batch ${batch.id}: ${batch.records_submitted} submitted, ${batch.records_accepted} accepted, ` +
    `${batch.failed_records.length} failed (sent twice, answered as ${again.id})`,
);
for (const failed of batch.failed_records) console.log(`  record ${failed.record_num}: ${failed.error}`);

const stored = await client.get('/meters/batch', { params: { query: { batch_id: batch.id } } });
console.log(`Read back: ${JSON.stringify(stored)}`);

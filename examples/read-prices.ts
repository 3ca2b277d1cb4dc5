// Reads a location's import prices for the next 24 hours.
//
//   OFFPEAK_URL=http://localhost:8080 OFFPEAK_ACCOUNT_ID=acc_… OFFPEAK_API_KEY=sk_test_… \
//     npx tsx examples/read-prices.ts
import { FlatpeakError } from '../sdk/src/index.ts';
import { clientFromEnv, exampleLocation, iso, thisHour } from './setup.ts';

const client = clientFromEnv();
try {
  const locationId = await exampleLocation(client);
  const prices = await client.post('/prices/{id}', {
    params: { path: { id: locationId } },
    body: {
      start_time: iso(thisHour()),
      end_time: iso(thisHour() + 24 * 3_600_000),
      tariff_direction: 'IMPORT',
    },
  });
  console.log(`Prices of ${prices.location_id} (${prices.location_timezone}, ${prices.currency_code}):`);
  for (const interval of prices.data) {
    console.log(
      `  ${interval.valid_from} → ${interval.valid_to}  ${interval.price.value} ${prices.currency_code}/kWh (confidence ${interval.price.confidence})`,
    );
  }
} catch (error) {
  if (error instanceof FlatpeakError) console.error(`${error.status} ${error.code}: ${error.error.message}`);
  throw error;
}

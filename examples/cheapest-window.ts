// Finds the cheapest two hours to run a device in the next 24 hours.
//
//   OFFPEAK_URL=… OFFPEAK_ACCOUNT_ID=… OFFPEAK_API_KEY=… npx tsx examples/cheapest-window.ts
import { clientFromEnv, exampleLocation, iso, thisHour } from './setup.ts';

const client = clientFromEnv();
const locationId = await exampleLocation(client);

const schedule = await client.post('/schedules/duration/{id}', {
  params: { path: { id: locationId } },
  body: {
    start_time: iso(thisHour()),
    end_time: iso(thisHour() + 24 * 3_600_000),
    tariff_direction: 'IMPORT',
    segment: 'LOW',
    duration: 120, // minutes
    contiguous: true,
  },
});
console.log(`Cheapest 2 h at ${schedule.location_id} (${schedule.location_timezone}):`);
for (const slot of schedule.data) {
  console.log(
    `  ${slot.start_time} → ${slot.end_time}  average ${slot.price.average} ${schedule.currency_code}/kWh`,
  );
}
const { run_at_once: now } = schedule.explanation;
if (now) console.log(`Running at once instead would average ${now.average} ${schedule.currency_code}/kWh`);

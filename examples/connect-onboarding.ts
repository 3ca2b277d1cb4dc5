// Connect from both sides: a backend makes a Connect token and prints the hosted link, then a
// client walks the session over POST / (no API key, only the token) as an app would: an unlisted
// provider, time-of-day rates, the summary, CLOSE. The backend then reads what it made.
//
//   OFFPEAK_URL=http://localhost:8080 OFFPEAK_ACCOUNT_ID=acc_… OFFPEAK_API_KEY=sk_test_… \
//     npx tsx examples/connect-onboarding.ts
import { FlatpeakError, type paths, type ResponseOf } from '../sdk/src/index.ts';
import { baseUrl, clientFromEnv, iso } from './setup.ts';

type Step = NonNullable<paths['/']['post']['requestBody']>['content']['application/json'];
type Page = ResponseOf<'/', 'post'>;

const backend = clientFromEnv();

/** One step of the session, as a browser or mobile app sends it: JSON, the token, nothing else. */
async function step(body: Step): Promise<Page> {
  const response = await fetch(`${baseUrl.replace(/\/+$/, '')}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as Page & { code?: string; message?: string };
  if (!response.ok) throw new Error(`${body.route}: ${response.status} ${json.code}: ${json.message}`);
  console.log(`  ${body.route}${body.action ? ` ${body.action}` : ''} → ${json.route}`);
  return json;
}

try {
  // 1. the backend
  const hosted = `${baseUrl.replace(/\/+$/, '')}/connect`;
  const token = await backend.post('/connect/token', {
    body: {
      connect_url: hosted,
      callback_url: 'https://app.example.com/connect/done',
      customer_reference_id: 'sdk-example-connect',
      location_reference_id: 'sdk-example-connect',
      postal_address: {
        address_line1: '1-3 Strand',
        city: 'London',
        post_code: 'WC2N 5EH',
        country_code: 'GB',
      },
    },
  });
  const cot = token.connect_token;
  console.log(`Hosted Connect link: ${hosted}?fp_cot=${cot}`);

  // 2. the client
  console.log('Session:');
  await step({ connect_token: cot, route: 'session_start' });
  await step({ connect_token: cot, route: 'provider_select', action: 'PROVIDER_MISSING' });
  await step({
    connect_token: cot,
    route: 'provider_name_capture',
    data: { provider: { name: 'Acme Energy' } },
  });
  await step({ connect_token: cot, route: 'tariff_structure_select', data: { options: ['TIME_OF_DAY'] } });
  const summary = await step({
    connect_token: cot,
    route: 'rate_tod_capture',
    data: {
      hours: [
        { cost: 0.075, valid_from: '00:30:00', valid_to: '04:30:00' },
        { cost: 0.2962, valid_from: '04:30:00', valid_to: '00:30:00' },
      ],
    },
  });
  const today = (
    (summary.data as { rates?: { today?: { tariff: { cost: number } }[] } }).rates?.today ?? []
  ).map((r) => r.tariff.cost);
  console.log(`Summary: today's rates ${[...new Set(today)].join(', ')}`);
  const done = await step({ connect_token: cot, route: 'tariff_summary', action: 'CLOSE' });
  console.log(`Back to ${(done.data as { callback_url: string }).callback_url}`);

  // 3. the backend again: what the session made
  const read = await backend.get('/connect/token', { params: { query: { connect_token: cot } } });
  console.log(
    `Token ${read.id}: ${read.complete_action}, location ${read.location_id}, customer ${read.customer_id}`,
  );
  const now = Date.now();
  const prices = await backend.post('/prices/{id}', {
    params: { path: { id: String(read.location_id) } },
    body: { start_time: iso(now), end_time: iso(now + 86_400_000), tariff_direction: 'IMPORT' },
  });
  console.log(
    `Prices: ${[...new Set(prices.data.map((p) => p.price.value))].sort().join(', ')} ${prices.currency_code}/kWh`,
  );
} catch (error) {
  if (error instanceof FlatpeakError) console.error(`${error.status} ${error.code}: ${error.error.message}`);
  throw error;
}

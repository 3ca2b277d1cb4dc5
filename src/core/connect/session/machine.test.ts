import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OPEN_END, step } from './machine.ts';
import type {
  SessionFacts,
  SessionLibraryTariff,
  SessionProvider,
  SessionRequest,
  SessionState,
  SessionTokenRequest,
  StepOutcome,
} from './types.ts';

const NOW = Date.UTC(2026, 2, 10, 12, 0, 0);
const LONDON = {
  address_line1: '1-3',
  address_line2: 'Strand',
  city: 'London',
  post_code: 'WC2N 5EH',
  country_code: 'GB',
};

const provider = (patch: Partial<SessionProvider>): SessionProvider => ({
  id: 'prv_000000000000000000000001',
  displayName: 'Manual Energy',
  logoUrl: 'https://example.com/logo.png',
  regions: ['GB'],
  countries: ['GB'],
  connectionTypes: [],
  marketSourceId: null,
  sandbox: null,
  updatedAt: 0,
  ...patch,
});
const MANUAL = provider({});
const LIBRARY = provider({
  id: 'prv_000000000000000000000002',
  displayName: 'Library Energy',
  connectionTypes: ['LIBRARY'],
});
const MARKET = provider({
  id: 'prv_000000000000000000000003',
  displayName: 'Market Energy',
  connectionTypes: ['MARKET'],
});
const direct = (behaviour: 'connect' | 'pending' | 'fail') =>
  provider({
    id: 'prv_000000000000000000000004',
    displayName: 'Direct Energy',
    connectionTypes: ['DIRECT', 'LIBRARY'],
    sandbox: { behaviour, pendingSeconds: 60, libraryTariffId: 'trt_000000000000000000000001' },
  });
const LIB_TARIFF: SessionLibraryTariff = {
  id: 'trt_000000000000000000000001',
  providerId: LIBRARY.id,
  name: 'Flex',
  description: 'Flexible',
  direction: 'IMPORT',
  type: 'COMMODITY',
  currencyCode: 'GBP',
  regions: [],
  updatedAt: 0,
  marketRates: false,
  schedule: [
    {
      months: ['All'],
      days_and_hours: [
        { days: ['All'], hours: [{ valid_from: '00:00:00', valid_to: '00:00:00', rate: [{ fixed: 0.3 }] }] },
      ],
    },
  ],
  validFrom: null,
  validTo: null,
};

const token = (patch: Partial<SessionTokenRequest> = {}): SessionTokenRequest => ({
  connect_url: 'myapp://connect',
  callback_url: 'myapp://complete',
  direction: 'IMPORT',
  type: 'COMMODITY',
  actions: { disconnect_tariff: false, edit_tariff: false },
  route_options: { advanced_tariff_capture: false, tariff_name_capture: false, contract_term_capture: false },
  postal_address: LONDON,
  ...patch,
});

function facts(
  patch: Partial<SessionFacts> = {},
  providers: SessionProvider[] = [MANUAL, LIBRARY, MARKET],
): SessionFacts {
  return {
    now: NOW,
    liveMode: false,
    token: token(),
    location: null,
    currentTariff: null,
    providers,
    providerById: new Map(providers.map((p) => [p.id, p])),
    libraryTariffs: [],
    libraryTariffById: new Map([[LIB_TARIFF.id, LIB_TARIFF]]),
    regionOfAddress: () => 'GB',
    redirectUrlOf: (id) => `http://localhost/connect/sandbox/${id}/login?fp_cot=cot_1`,
    ...patch,
  };
}

/** Runs requests in turn, each must give a page; returns the last outcome and state. */
function walk(f: SessionFacts, requests: SessionRequest[], from: SessionState | null = null) {
  let state = from;
  let outcome: StepOutcome | undefined;
  for (const request of requests) {
    outcome = step(state, request, f);
    if (outcome.kind === 'error') return { outcome, state: state as SessionState };
    state = outcome.state;
  }
  return { outcome: outcome as StepOutcome, state: state as SessionState };
}
const routeOf = (o: StepOutcome) => (o.kind === 'error' ? `error:${o.code}` : o.page.route);
const START = { route: 'session_start' };

describe('Connect session machine', () => {
  it('starts on provider selection when the token has city and country', () => {
    const { outcome } = walk(facts(), [START]);
    assert.equal(routeOf(outcome), 'provider_select');
    assert.equal(outcome.kind === 'page' && (outcome.page.data.providers as unknown[]).length, 3);
  });

  it('starts on the address page when the token lacks city or country', () => {
    const { outcome } = walk(facts({ token: token({ postal_address: { country_code: 'GB' } }) }), [START]);
    assert.equal(routeOf(outcome), 'postal_address_capture');
  });

  it('refuses each bad address with its code', () => {
    const f = facts({ token: token({ postal_address: undefined }) });
    const cases: [unknown, string][] = [
      [{ country_code: 'GB' }, 'city_missing'],
      [{ city: 'London' }, 'country_code_missing'],
      [{ city: 'London', country_code: 'XX' }, 'country_code_invalid'],
      [{ city: 'Austin', country_code: 'US' }, 'timezone_not_found'],
      ['nope', 'data_json_invalid'],
    ];
    for (const [address, code] of cases) {
      const { outcome } = walk(f, [
        START,
        { route: 'postal_address_capture', data: { postal_address: address } },
      ]);
      assert.equal(routeOf(outcome), `error:${code}`, JSON.stringify(address));
    }
    const { outcome } = walk(f, [START, { route: 'postal_address_capture', data: 'x' }]);
    assert.equal(routeOf(outcome), 'error:data_json_invalid');
  });

  it('refuses provider choices with provider_id_missing, provider_not_found and provider_id_invalid', () => {
    const elsewhere = provider({ id: 'prv_000000000000000000000009', regions: ['FR'] });
    const f = facts({
      providerById: new Map([
        [elsewhere.id, elsewhere],
        [MANUAL.id, MANUAL],
      ]),
      providers: [MANUAL],
    });
    const ask = (data: unknown) => routeOf(walk(f, [START, { route: 'provider_select', data }]).outcome);
    assert.equal(ask({ provider: {} }), 'error:provider_id_missing');
    assert.equal(ask({ provider: { id: 'prv_000000000000000000000077' } }), 'error:provider_not_found');
    assert.equal(ask({ provider: { id: elsewhere.id } }), 'error:provider_id_invalid');
    assert.equal(ask({ provider: { id: MANUAL.id } }), 'tariff_structure_select');
  });

  it('walks the MANUAL fixed path to the summary and saves on CLOSE', () => {
    const { outcome, state } = walk(facts(), [
      START,
      { route: 'provider_select', data: { provider: { id: MANUAL.id } } },
      { route: 'tariff_structure_select', data: { options: ['FIXED'] } },
      { route: 'rate_fixed_capture', data: { cost: 0.24 } },
    ]);
    assert.equal(routeOf(outcome), 'tariff_summary');
    assert.equal(
      outcome.kind === 'page' && (outcome.page.data.tariff as { structure_type: string }).structure_type,
      'FIXED',
    );
    const closed = step(state, { route: 'tariff_summary', action: 'CLOSE' }, facts());
    assert.equal(closed.kind, 'complete');
    if (closed.kind !== 'complete') return;
    assert.equal(closed.plan.action, 'SAVE');
    assert.equal(closed.plan.tariff?.connectionType, 'MANUAL');
    assert.deepEqual(closed.plan.address, LONDON);
    assert.deepEqual(closed.page.data, { callback_url: 'myapp://complete' });
  });

  it('refuses a zero or negative fixed cost', () => {
    const prefix = [
      START,
      { route: 'provider_select', data: { provider: { id: MANUAL.id } } },
      { route: 'tariff_structure_select', data: { options: ['FIXED'] } },
    ];
    assert.equal(
      routeOf(walk(facts(), [...prefix, { route: 'rate_fixed_capture', data: { cost: 0 } }]).outcome),
      'error:cost_value_zero',
    );
    assert.equal(
      routeOf(walk(facts(), [...prefix, { route: 'rate_fixed_capture', data: { cost: -1 } }]).outcome),
      'error:cost_value_negative',
    );
  });

  it('refuses structure choices with option_invalid and option_not_supported', () => {
    const prefix = [START, { route: 'provider_select', data: { provider: { id: MANUAL.id } } }];
    const ask = (data: unknown) =>
      routeOf(walk(facts(), [...prefix, { route: 'tariff_structure_select', data }]).outcome);
    assert.equal(ask({ options: [] }), 'error:option_invalid');
    assert.equal(ask({ options: ['FIXED', 'MARKET'] }), 'error:option_invalid');
    assert.equal(ask({ options: ['ADVANCED'] }), 'error:option_not_supported');
    assert.equal(ask({ options: ['SOLAR'] }), 'error:option_not_supported');
  });

  it('checks time-of-day periods for 24 hours: wraps, gaps, incomplete days, bad times', () => {
    const prefix = [
      START,
      { route: 'provider_select', data: { provider: { id: MANUAL.id } } },
      { route: 'tariff_structure_select', data: { options: ['TIME_OF_DAY'] } },
    ];
    const ask = (hours: unknown) =>
      routeOf(walk(facts(), [...prefix, { route: 'rate_tod_capture', data: { hours } }]).outcome);
    assert.equal(
      ask([
        { cost: 0.1, valid_from: '00:30:00', valid_to: '04:30:00' },
        { cost: 0.3, valid_from: '04:30:00', valid_to: '00:30:00' },
      ]),
      'tariff_summary',
    );
    assert.equal(
      ask([
        { cost: 0.1, valid_from: '00:00:00', valid_to: '07:00:00' },
        { cost: 0.3, valid_from: '07:00:00', valid_to: '00:00:00' },
      ]),
      'tariff_summary',
    );
    assert.equal(
      ask([
        { cost: 0.1, valid_from: '00:00:00', valid_to: '07:00:00' },
        { cost: 0.3, valid_from: '08:00:00', valid_to: '00:00:00' },
      ]),
      'error:gap_in_time_period',
    );
    assert.equal(
      ask([
        { cost: 0.1, valid_from: '00:00:00', valid_to: '07:00:00' },
        { cost: 0.3, valid_from: '07:00:00', valid_to: '23:00:00' },
      ]),
      'error:incomplete_time_period',
    );
    assert.equal(ask([{ cost: 0.1, valid_from: '7:00', valid_to: '07:00:00' }]), 'error:valid_from_invalid');
    assert.equal(
      ask([{ cost: 0.1, valid_from: '07:00:00', valid_to: '25:00:00' }]),
      'error:valid_to_invalid',
    );
    assert.equal(ask([{ cost: 0, valid_from: '00:00:00', valid_to: '00:00:00' }]), 'error:cost_value_zero');
    assert.equal(
      ask([{ cost: -2, valid_from: '00:00:00', valid_to: '00:00:00' }]),
      'error:cost_value_negative',
    );
  });

  it('offers ADVANCED only with the route option and checks the schedule like POST /tariffs', () => {
    const f = facts({
      token: token({
        route_options: {
          advanced_tariff_capture: true,
          tariff_name_capture: false,
          contract_term_capture: false,
        },
      }),
    });
    const prefix = [
      START,
      { route: 'provider_select', data: { provider: { id: MANUAL.id } } },
      { route: 'tariff_structure_select', data: { options: ['ADVANCED'] } },
    ];
    const overlap = {
      tariff: {
        schedule: [
          {
            months: ['All'],
            days_and_hours: [
              {
                days: ['All'],
                hours: [
                  { valid_from: '00:00:00', valid_to: '12:00:00', rate: [{ fixed: 0.1 }] },
                  { valid_from: '11:00:00', valid_to: '00:00:00', rate: [{ fixed: 0.2 }] },
                ],
              },
            ],
          },
        ],
      },
    };
    assert.equal(
      routeOf(walk(f, [...prefix, { route: 'rate_advanced_capture', data: overlap }]).outcome),
      'error:overlap_in_time_period',
    );
    const good = {
      tariff: {
        schedule: [
          {
            months: ['All'],
            days_and_hours: [
              {
                days: ['All'],
                hours: [
                  {
                    valid_from: '00:00:00',
                    valid_to: '00:00:00',
                    rate: [{ fixed: 0.1, to_kwh: 100 }, { fixed: 0.2 }],
                  },
                ],
              },
            ],
          },
        ],
      },
    };
    const { outcome } = walk(f, [...prefix, { route: 'rate_advanced_capture', data: good }]);
    assert.equal(routeOf(outcome), 'tariff_summary');
    assert.equal(outcome.kind === 'page' && (outcome.page.data.tariff as { tiered: boolean }).tiered, true);
  });

  it('takes the MARKET path with a surcharge stored as a fraction', () => {
    const { outcome, state } = walk(facts(), [
      START,
      { route: 'provider_select', data: { provider: { id: MARKET.id } } },
      { route: 'surcharge_capture', data: { surcharge: { fixed: 0.345, percentage: 18.5 } } },
    ]);
    assert.equal(routeOf(outcome), 'tariff_summary');
    assert.equal(state.draft?.connectionType, 'MARKET');
    assert.deepEqual(state.draft?.schedule[0]?.days_and_hours[0]?.hours[0]?.rate, [
      { surcharge_fixed: 0.345, surcharge_percentage: 0.185 },
    ]);
    const bad = walk(facts(), [
      START,
      { route: 'provider_select', data: { provider: { id: MARKET.id } } },
      { route: 'surcharge_capture', data: { surcharge: { fixed: 0, percentage: -1 } } },
    ]);
    assert.equal(routeOf(bad.outcome), 'error:surcharge_percentage_invalid');
  });

  it('takes the LIBRARY path, refuses unknown and foreign tariffs, and falls back on TARIFF_MISSING', () => {
    const foreign = { ...LIB_TARIFF, id: 'trt_000000000000000000000002', providerId: MARKET.id };
    const f = facts({
      libraryTariffs: [LIB_TARIFF],
      libraryTariffById: new Map([
        [LIB_TARIFF.id, LIB_TARIFF],
        [foreign.id, foreign],
      ]),
    });
    const prefix = [START, { route: 'provider_select', data: { provider: { id: LIBRARY.id } } }];
    assert.equal(routeOf(walk(f, prefix).outcome), 'tariff_select');
    const ask = (data: unknown) => routeOf(walk(f, [...prefix, { route: 'tariff_select', data }]).outcome);
    assert.equal(ask({ tariff: {} }), 'error:tariff_id_missing');
    assert.equal(ask({ tariff: { id: 'trt_000000000000000000000099' } }), 'error:tariff_not_found');
    assert.equal(ask({ tariff: { id: foreign.id } }), 'error:tariff_id_invalid');
    const { state } = walk(f, [
      ...prefix,
      { route: 'tariff_select', data: { tariff: { id: LIB_TARIFF.id } } },
    ]);
    assert.equal(state.draft?.connectionType, 'LIBRARY');
    assert.equal(state.draft?.isLinked, true);
    assert.equal(
      routeOf(walk(f, [...prefix, { route: 'tariff_select', action: 'TARIFF_MISSING' }]).outcome),
      'tariff_structure_select',
    );
  });

  it('asks for the region when the provider serves several and the address does not tell', () => {
    const multi = { ...LIBRARY, regions: ['CORS', 'FR'] };
    const f = facts({
      providers: [multi],
      providerById: new Map([[multi.id, multi]]),
      libraryTariffs: [LIB_TARIFF],
      regionOfAddress: () => null,
    });
    const prefix = [START, { route: 'provider_select', data: { provider: { id: multi.id } } }];
    const { outcome } = walk(f, prefix);
    assert.equal(routeOf(outcome), 'region_select');
    assert.deepEqual(outcome.kind === 'page' && outcome.page.data.regions, ['CORS', 'FR']);
    assert.equal(
      routeOf(walk(f, [...prefix, { route: 'region_select', data: { region: 'XX' } }]).outcome),
      'error:data_json_invalid',
    );
    assert.equal(
      routeOf(walk(f, [...prefix, { route: 'region_select', data: { region: 'FR' } }]).outcome),
      'tariff_select',
    );
  });

  it('redirects to a DIRECT sandbox provider and connects, stays pending or fails on resume', () => {
    for (const [behaviour, route] of [
      ['connect', 'tariff_summary'],
      ['pending', 'tariff_connection_pending'],
      ['fail', 'tariff_connection_failed'],
    ] as const) {
      const p = direct(behaviour);
      const f = facts({ providers: [p], providerById: new Map([[p.id, p]]) });
      const redirected = walk(f, [START, { route: 'provider_select', data: { provider: { id: p.id } } }]);
      assert.equal(routeOf(redirected.outcome), 'session_redirect');
      assert.match(
        String(redirected.outcome.kind === 'page' && redirected.outcome.page.data.redirect_url),
        /\/login\?fp_cot=/,
      );
      const resumed = walk(f, [START], redirected.state);
      assert.equal(routeOf(resumed.outcome), route, behaviour);
      if (behaviour === 'connect') assert.equal(resumed.state.draft?.connectionType, 'DIRECT');
      if (behaviour === 'pending') {
        const closed = step(resumed.state, { route, action: 'CLOSE' }, f);
        assert.equal(closed.kind === 'complete' && closed.plan.direct?.outcome, 'pending');
      }
      if (behaviour === 'fail') {
        assert.equal(routeOf(step(resumed.state, { route, action: 'EDIT' }, f)), 'provider_select');
        assert.equal(step(resumed.state, { route, action: 'CLOSE' }, f).kind, 'page');
      }
    }
  });

  it('skips DIRECT in live mode', () => {
    const p = direct('connect');
    const f = facts({
      liveMode: true,
      providers: [p],
      providerById: new Map([[p.id, p]]),
      libraryTariffs: [LIB_TARIFF],
    });
    assert.equal(
      routeOf(walk(f, [START, { route: 'provider_select', data: { provider: { id: p.id } } }]).outcome),
      'tariff_select',
    );
  });

  it('goes BACK to the previous page from every page and acts like CLOSE with none', () => {
    const f = facts({
      token: token({
        route_options: {
          advanced_tariff_capture: true,
          tariff_name_capture: true,
          contract_term_capture: true,
        },
      }),
    });
    const path = [
      START,
      { route: 'provider_select', data: { provider: { id: MANUAL.id } } },
      { route: 'tariff_structure_select', data: { options: ['FIXED'] } },
      { route: 'rate_fixed_capture', data: { cost: 0.2 } },
      { route: 'tariff_name_capture', data: { tariff: { name: 'Mine' } } },
      {
        route: 'contract_term_capture',
        data: {
          contract_start_date: '2026-01-01T00:00:00Z',
          contract_end_date: null,
          contract_term_type: 'UNTIL_TERMINATED',
        },
      },
    ];
    const expected = [
      'provider_select',
      'tariff_structure_select',
      'rate_fixed_capture',
      'tariff_name_capture',
      'contract_term_capture',
      'tariff_summary',
    ];
    for (let i = 1; i < path.length; i += 1) {
      const { outcome, state } = walk(f, path.slice(0, i + 1));
      assert.equal(routeOf(outcome), expected[i]);
      const back = step(state, { route: expected[i], action: 'BACK' }, f);
      assert.equal(routeOf(back), expected[i - 1], `BACK from ${expected[i]}`);
    }
    const first = walk(f, [START]);
    const closed = step(first.state, { route: 'provider_select', action: 'BACK' }, f);
    assert.equal(routeOf(closed), 'complete_tariff');
    assert.equal(closed.kind, 'page');
  });

  it('refuses an unknown action, a missing action, and an answer to another page', () => {
    const { state } = walk(facts(), [
      START,
      { route: 'provider_select', data: { provider: { id: MARKET.id } } },
      { route: 'surcharge_capture', data: { surcharge: { fixed: 0.1, percentage: 5 } } },
    ]);
    assert.equal(
      routeOf(step(state, { route: 'tariff_summary', action: 'TARIFF_MISSING' }, facts())),
      'error:action_invalid',
    );
    assert.equal(routeOf(step(state, { route: 'tariff_summary' }, facts())), 'error:action_missing');
    assert.equal(
      routeOf(step(state, { route: 'provider_select', data: {} }, facts())),
      'error:route_invalid',
    );
    assert.equal(
      routeOf(step(state, { route: 'tariffs_summary', action: 'WRONG_TARIFF_REPORT' }, facts())),
      'tariff_summary',
    );
  });

  it('no longer offers WRONG_TARIFF once reported', () => {
    const { state } = walk(facts(), [
      START,
      { route: 'provider_select', data: { provider: { id: MARKET.id } } },
      { route: 'surcharge_capture', data: { surcharge: { fixed: 0.1, percentage: 5 } } },
    ]);
    const reported = step(state, { route: 'tariff_summary', action: 'WRONG_TARIFF' }, facts());
    assert.ok(reported.kind === 'page' && !reported.page.actions.includes('WRONG_TARIFF'));
    if (reported.kind !== 'page') return;
    assert.equal(
      routeOf(step(reported.state, { route: 'tariff_summary', action: 'WRONG_TARIFF' }, facts())),
      'error:action_invalid',
    );
  });

  it('shows the current tariff of a location token, EDIT restarts at provider selection, DISCONNECT completes', () => {
    const current = {
      connectionType: 'MANUAL' as const,
      isLinked: false,
      providerId: null,
      providerName: null,
      displayName: 'Old',
      libraryTariffId: null,
      marketRates: false,
      schedule: LIB_TARIFF.schedule,
      contractStart: 0,
      contractEnd: OPEN_END,
      contractTermType: 'UNTIL_TERMINATED' as const,
      existingTariffId: 'trf_000000000000000000000001',
    };
    const f = facts({
      token: token({ location_id: 'loc_000000000000000000000001', postal_address: undefined }),
      location: {
        id: 'loc_000000000000000000000001',
        postalAddress: LONDON,
        timezone: 'Europe/London',
        currencyCode: 'GBP',
      },
      currentTariff: current,
    });
    const { outcome, state } = walk(f, [START]);
    assert.equal(routeOf(outcome), 'tariff_summary');
    assert.equal(routeOf(step(state, { route: 'tariff_summary', action: 'EDIT' }, f)), 'provider_select');
    const disconnected = step(state, { route: 'tariff_summary', action: 'DISCONNECT' }, f);
    assert.equal(disconnected.kind === 'complete' && disconnected.plan.action, 'DISCONNECT');
    const closed = step(state, { route: 'tariff_summary', action: 'CLOSE' }, f);
    assert.ok(closed.kind === 'complete' && closed.plan.tariff === null && closed.plan.address === null);
    const edited = walk(
      { ...f, token: { ...f.token, actions: { disconnect_tariff: false, edit_tariff: true } } },
      [START],
    );
    assert.equal(routeOf(edited.outcome), 'provider_select');
  });

  it('disconnects at session_start with actions.disconnect_tariff', () => {
    const f = facts({
      token: token({
        location_id: 'loc_000000000000000000000001',
        actions: { disconnect_tariff: true, edit_tariff: false },
      }),
    });
    const outcome = step(null, START, f);
    assert.ok(outcome.kind === 'complete' && outcome.plan.action === 'DISCONNECT');
    assert.equal(outcome.kind === 'complete' && outcome.page.route, 'complete_tariff');
  });

  it('goes to provider_name_capture on PROVIDER_MISSING and refuses an empty name', () => {
    const prefix = [START, { route: 'provider_select', action: 'PROVIDER_MISSING' }];
    assert.equal(routeOf(walk(facts(), prefix).outcome), 'provider_name_capture');
    assert.equal(
      routeOf(
        walk(facts(), [...prefix, { route: 'provider_name_capture', data: { provider: { name: ' ' } } }])
          .outcome,
      ),
      'error:provider_name_missing',
    );
    const { state } = walk(facts(), [
      ...prefix,
      { route: 'provider_name_capture', data: { provider: { name: 'Acme' } } },
    ]);
    assert.equal(state.providerName, 'Acme');
    assert.equal(
      routeOf(step(state, { route: 'tariff_structure_select', action: 'BACK' }, facts())),
      'provider_name_capture',
    );
    assert.equal(
      routeOf(walk(facts(), [START, { route: 'provider_select', action: 'ADDRESS_CHANGE' }]).outcome),
      'postal_address_capture',
    );
  });

  it('refuses an empty tariff name and a malformed contract date', () => {
    const f = facts({
      token: token({
        route_options: {
          advanced_tariff_capture: false,
          tariff_name_capture: true,
          contract_term_capture: true,
        },
      }),
    });
    const prefix = [
      START,
      { route: 'provider_select', data: { provider: { id: MANUAL.id } } },
      { route: 'tariff_structure_select', data: { options: ['FIXED'] } },
      { route: 'rate_fixed_capture', data: { cost: 0.2 } },
    ];
    assert.equal(
      routeOf(walk(f, [...prefix, { route: 'tariff_name_capture', data: { tariff: { name: '' } } }]).outcome),
      'error:tariff_name_missing',
    );
    const named = [...prefix, { route: 'tariff_name_capture', data: { tariff: { name: 'Mine' } } }];
    assert.equal(
      routeOf(
        walk(f, [...named, { route: 'contract_term_capture', data: { contract_start_date: '15/06/2023' } }])
          .outcome,
      ),
      'error:date_format_invalid',
    );
    const { state } = walk(f, [
      ...named,
      {
        route: 'contract_term_capture',
        data: {
          contract_start_date: '2026-01-01T00:00:00Z',
          contract_end_date: '2027-01-01T00:00:00Z',
          contract_term_type: 'FIXED',
        },
      },
    ]);
    assert.equal(state.draft?.contractEnd, Date.UTC(2027, 0, 1));
    assert.equal(state.draft?.displayName, 'Mine');
  });

  it('resumes on the current page with session_start', () => {
    const { state } = walk(facts(), [
      START,
      { route: 'provider_select', data: { provider: { id: MANUAL.id } } },
    ]);
    assert.equal(routeOf(step(state, START, facts())), 'tariff_structure_select');
  });

  it('goes BACK from the pages of every other path to the page before', () => {
    const multi = { ...LIBRARY, id: 'prv_000000000000000000000005', regions: ['CORS', 'FR'] };
    const f = facts({
      token: token({
        postal_address: { country_code: 'GB' },
        route_options: {
          advanced_tariff_capture: true,
          tariff_name_capture: false,
          contract_term_capture: false,
        },
      }),
      providers: [MANUAL, LIBRARY, MARKET, multi],
      providerById: new Map([MANUAL, LIBRARY, MARKET, multi].map((p) => [p.id, p])),
      libraryTariffs: [LIB_TARIFF],
      regionOfAddress: () => null,
    });
    const address = [START, { route: 'postal_address_capture', data: { postal_address: LONDON } }];
    const cases: [SessionRequest[], string, string][] = [
      [address, 'provider_select', 'postal_address_capture'],
      [
        [...address, { route: 'provider_select', action: 'PROVIDER_MISSING' }],
        'provider_name_capture',
        'provider_select',
      ],
      [
        [...address, { route: 'provider_select', data: { provider: { id: multi.id } } }],
        'region_select',
        'provider_select',
      ],
      [
        [...address, { route: 'provider_select', data: { provider: { id: LIBRARY.id } } }],
        'tariff_select',
        'provider_select',
      ],
      [
        [...address, { route: 'provider_select', data: { provider: { id: MARKET.id } } }],
        'surcharge_capture',
        'provider_select',
      ],
      [
        [
          ...address,
          { route: 'provider_select', data: { provider: { id: MANUAL.id } } },
          { route: 'tariff_structure_select', data: { options: ['TIME_OF_DAY'] } },
        ],
        'rate_tod_capture',
        'tariff_structure_select',
      ],
      [
        [
          ...address,
          { route: 'provider_select', data: { provider: { id: MANUAL.id } } },
          { route: 'tariff_structure_select', data: { options: ['ADVANCED'] } },
        ],
        'rate_advanced_capture',
        'tariff_structure_select',
      ],
      [
        [
          ...address,
          { route: 'provider_select', data: { provider: { id: LIBRARY.id } } },
          { route: 'tariff_select', data: { tariff: { id: LIB_TARIFF.id } } },
        ],
        'tariff_summary',
        'tariff_select',
      ],
    ];
    for (const [requests, route, previous] of cases) {
      const { outcome, state } = walk(f, requests);
      assert.equal(routeOf(outcome), route);
      assert.equal(routeOf(step(state, { route, action: 'BACK' }, f)), previous, `BACK from ${route}`);
      assert.equal(
        routeOf(step(state, { route, action: 'CLOSE' }, f)),
        'complete_tariff',
        `CLOSE on ${route}`,
      );
    }
    for (const [behaviour, route] of [
      ['pending', 'tariff_connection_pending'],
      ['fail', 'tariff_connection_failed'],
    ] as const) {
      const p = direct(behaviour);
      const g = facts({ providers: [p], providerById: new Map([[p.id, p]]) });
      const { state } = walk(g, [
        START,
        { route: 'provider_select', data: { provider: { id: p.id } } },
        START,
      ]);
      assert.equal(
        routeOf(step(state, { route, action: 'BACK' }, g)),
        'provider_select',
        `BACK from ${route}`,
      );
    }
  });

  it('shows the error page when a resumed redirect names a provider the catalogue no longer has', () => {
    const p = direct('connect');
    const g = facts({ providers: [p], providerById: new Map([[p.id, p]]) });
    const { state } = walk(g, [START, { route: 'provider_select', data: { provider: { id: p.id } } }]);
    const gone = step(state, START, facts());
    assert.equal(routeOf(gone), 'error');
    assert.equal(gone.kind === 'page' && gone.page.error?.code, 'provider_not_found');
  });

  it('fails a DIRECT connection whose provider tariff is of another direction than the token', () => {
    const p = direct('connect');
    const f = facts({
      token: token({ direction: 'EXPORT' }),
      providers: [p],
      providerById: new Map([[p.id, p]]),
    });
    const { state } = walk(f, [START, { route: 'provider_select', data: { provider: { id: p.id } } }]);
    assert.equal(routeOf(step(state, START, f)), 'tariff_connection_failed');
  });
});

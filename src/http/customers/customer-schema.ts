import { Type, type Static } from 'typebox';
import type { Customer } from '../../core/customers/customers.ts';
import { formatUtcSeconds } from '../../lib/time.ts';

/** The anode Customer, fields in the order of the seed contract. */
export const CustomerSchema = Type.Object(
  {
    id: Type.String({ examples: ['cus_65e421d1daa4a24082b4f590'] }),
    object: Type.Literal('customer'),
    live_mode: Type.Boolean(),
    reference_id: Type.Optional(Type.String({ examples: ['CUS1234567890'] })),
    locations: Type.Array(Type.String({ examples: ['loc_641b90b758fb8e6293716e40'] })),
    time_created: Type.String({ format: 'date-time', examples: ['2021-05-05T05:37:27Z'] }),
    account_id: Type.String({ examples: ['acc_65e421bed29d88d9012e0662'] }),
  },
  { title: 'Customer' },
);

export type ApiCustomer = Static<typeof CustomerSchema>;

export const CustomerBody = Type.Object(
  { reference_id: Type.Optional(Type.String({ maxLength: 255, examples: ['CUS1234567890'] })) },
  { additionalProperties: false },
);

export function toApiCustomer(customer: Customer): ApiCustomer {
  return {
    id: customer.id,
    object: 'customer',
    live_mode: customer.liveMode,
    ...(customer.referenceId !== null ? { reference_id: customer.referenceId } : {}),
    locations: customer.locations,
    time_created: formatUtcSeconds(customer.createdAt),
    account_id: customer.accountId,
  };
}

/** Our IDs (`cus_…`, `loc_…`, `acc_…`): letters, digits and `_`, which JSON writes as they are. */
const PLAIN_ID = /^[A-Za-z0-9_]*$/;

/** A string as JSON, without JSON.stringify's copy when it is one of our plain IDs. */
const idJson = (id: string): string => (PLAIN_ID.test(id) ? `"${id}"` : JSON.stringify(id));

/** The parts of a customer's JSON that come from its scope: the same on every row of a page. */
let scopeParts = {
  accountId: '',
  liveMode: false,
  mode: ',"object":"customer","live_mode":false',
  account: ',"account_id":""}',
};

/**
 * toApiCustomer written straight to JSON text: exactly `JSON.stringify(toApiCustomer(customer))`
 * without building the API object first. The customer list, the hottest read, answers with these
 * (src/http/schemas.ts sendJsonList) [decision:list-request-cpu]: the parts that come from the
 * scope are written once per scope, not once per row, and our own IDs skip JSON.stringify. Anything
 * else, and any ID with a character JSON would escape, goes through JSON.stringify, so escaping is
 * the runtime's; the time is digits and separators only. customer-json.test.ts holds the two equal.
 */
export function customerJson(customer: Customer): string {
  let parts = scopeParts;
  if (customer.accountId !== parts.accountId || customer.liveMode !== parts.liveMode) {
    parts = scopeParts = {
      accountId: customer.accountId,
      liveMode: customer.liveMode,
      mode: `,"object":"customer","live_mode":${customer.liveMode}`,
      account: `,"account_id":${JSON.stringify(customer.accountId)}}`,
    };
  }
  const reference =
    customer.referenceId === null ? '' : `,"reference_id":${JSON.stringify(customer.referenceId)}`;
  const locations = customer.locations.length === 0 ? '[]' : JSON.stringify(customer.locations);
  return (
    `{"id":${idJson(customer.id)}${parts.mode}${reference},"locations":${locations}` +
    `,"time_created":"${formatUtcSeconds(customer.createdAt)}"${parts.account}`
  );
}

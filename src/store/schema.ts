import type { ColumnType, Kysely } from 'kysely';

/**
 * Row types of every table. Every table is keyed by account (and, for API objects, by mode),
 * so that a distributed PostgreSQL can shard by account and no query ever crosses accounts.
 */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export interface AccountRow {
  id: string;
  status: 'active' | 'disabled';
  token_secret: string;
  rate_limit_per_minute: number | null;
  /** Whether Connect tokens may ask for the LOCAL direction [decision:connect-local-direction]. */
  connect_local_enabled: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
}

export interface ApiKeyRow {
  account_id: string;
  id: string;
  live_mode: boolean;
  key_hash: string;
  key_hint: string;
  created_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface CustomerRow {
  account_id: string;
  live_mode: boolean;
  id: string;
  reference_id: string | null;
  created_at: Timestamp;
  /** IDs of the customer's locations in `id` order, kept by src/store/locations.ts (migration 0014)
   * [decision:customer-location-ids]. */
  location_ids: ColumnType<string[], string[] | undefined, string[]>;
}

export interface PostalAddressJson {
  address_line1?: string;
  address_line2?: string;
  city?: string;
  state?: string;
  post_code?: string;
  country_code?: string;
}

export interface LocationRow {
  account_id: string;
  live_mode: boolean;
  id: string;
  customer_id: string | null;
  reference_id: string | null;
  postal_address: Json<PostalAddressJson>;
  timezone: string;
  currency_code: string | null;
  geo_location: Json<{ lat: number; lng: number } | null>;
  market_sources: Json<{ import?: string; export?: string }>;
  flex_allowed: boolean;
  grid_node_id: string | null;
  created_at: Timestamp;
}

export interface DeviceRow {
  account_id: string;
  live_mode: boolean;
  id: string;
  reference_id: string | null;
  pv_system: Json<Record<string, unknown> | null>;
  last_seen: Timestamp | null;
  created_at: Timestamp;
}

export interface EventRow {
  account_id: string;
  live_mode: boolean;
  id: string;
  type: string;
  object_id: string;
  data: Json<Record<string, unknown>>;
  created_at: Timestamp;
}

export interface IdempotencyKeyRow {
  account_id: string;
  live_mode: boolean;
  key: string;
  request_hash: string;
  state: 'running' | 'done';
  status_code: number | null;
  response_body: string | null;
  created_at: Timestamp;
}

export interface TariffRow {
  account_id: string;
  live_mode: boolean;
  id: string;
  location_id: string;
  direction: 'IMPORT' | 'EXPORT' | 'LOCAL';
  type: 'COMMODITY' | 'NON_COMMODITY';
  display_name: string | null;
  provider_id: string | null;
  market_rates: boolean;
  contract_start: Timestamp;
  contract_end: Timestamp;
  /** The schedule as accepted (aliases resolved), numbers as given. */
  schedule: Json<unknown[]>;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** When the next contract notice is due (`tariff.expiring`, then `tariff.expired`); null when none is. */
  next_notice_at: Timestamp | null;
  /** How the tariff was connected (migration 0009): DIRECT, LIBRARY, MARKET or MANUAL. */
  connection_type: 'DIRECT' | 'LIBRARY' | 'MARKET' | 'MANUAL';
  /** Whether it follows its library tariff (`library_tariff_id`) when that changes. */
  is_linked: boolean;
  library_tariff_id: string | null;
}

export interface MeterRecordRow {
  account_id: string;
  live_mode: boolean;
  id: string;
  owner_id: string;
  location_id: string;
  device_id: string | null;
  tariff_direction: 'IMPORT' | 'EXPORT' | 'LOCAL';
  energy_flow_direction: 'INBOUND' | 'OUTBOUND';
  start_at: Timestamp;
  end_at: Timestamp;
  units: 'W' | 'KW' | 'WH' | 'KWH';
  /** The metered value as decimal text, exactly as submitted. */
  value: string;
  confidence: number;
  session_reference_id: string | null;
  record_reference_id: string | null;
  batch_id: string;
  created_at: Timestamp;
}

export interface MeterBatchRow {
  account_id: string;
  live_mode: boolean;
  id: string;
  records_submitted: number;
  records_accepted: number;
  records_processed: number;
  failed_records: Json<{ record_num: number; record_reference_id?: string; error: string }[]>;
  created_at: Timestamp;
}

export interface MeterRegisterReadRow {
  account_id: string;
  live_mode: boolean;
  series_key: string;
  read_at: Timestamp;
  value_kwh: string;
}

export interface ConnectTokenRow {
  id: string;
  account_id: string;
  live_mode: boolean;
  /** The token's input, aliases resolved and defaults applied. */
  request: Json<Record<string, unknown>>;
  /** The Connect session's state; null before its first step. */
  session: ColumnType<Record<string, unknown> | null, string | undefined, string | null>;
  session_version: ColumnType<number, number | undefined, number>;
  customer_id: string | null;
  location_id: string | null;
  tariff_id: string | null;
  complete_action: 'SAVE' | 'DISCONNECT' | null;
  completed_at: Timestamp | null;
  expires_at: Timestamp;
  created_at: Timestamp;
}

export interface Tables {
  accounts: AccountRow;
  api_keys: ApiKeyRow;
  customers: CustomerRow;
  locations: LocationRow;
  devices: DeviceRow;
  events: EventRow;
  idempotency_keys: IdempotencyKeyRow;
  tariffs: TariffRow;
  meter_records: MeterRecordRow;
  meter_batches: MeterBatchRow;
  meter_register_reads: MeterRegisterReadRow;
  connect_tokens: ConnectTokenRow;
}

/** A database handle or an open transaction: store functions accept either. */
export type Db = Kysely<Tables>;

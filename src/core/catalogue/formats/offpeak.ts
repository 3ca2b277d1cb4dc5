// Offpeak's own catalogue JSON (`"format": "offpeak-catalogue"`): providers and library tariffs as
// stored, keyed by `ref`; the sandbox providers are kept in it. Pure.
import type { ScheduleEntryDefinition } from '../../../engine/index.ts';
import type { CatalogueData, ImportOptions, ProviderSeed, TariffSeed } from '../catalogue-data.ts';
import { CONNECTION_TYPES, type ConnectionType } from '../connection-type.ts';
import { invalid, isObject, optionalInstant, optionalText, parseJsonFile, text } from './json-input.ts';

const strings = (value: unknown, what: string): string[] => {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
    invalid(`${what} must be an array of strings`);
  return value as string[];
};

function provider(value: unknown, i: number): ProviderSeed {
  if (!isObject(value)) invalid(`providers[${i}] must be an object`);
  const types = strings(value.connection_types, `providers[${i}].connection_types`);
  if (types.some((t) => !CONNECTION_TYPES.includes(t as ConnectionType)))
    invalid(`providers[${i}].connection_types has an unknown type`);
  const sandbox = value.sandbox;
  if (sandbox !== null && sandbox !== undefined && !isObject(sandbox))
    invalid(`providers[${i}].sandbox must be an object`);
  const behaviour = isObject(sandbox) ? sandbox.behaviour : undefined;
  if (isObject(sandbox) && behaviour !== 'connect' && behaviour !== 'pending' && behaviour !== 'fail')
    invalid(`providers[${i}].sandbox.behaviour must be connect, pending or fail`);
  return {
    ref: text(value.ref, `providers[${i}].ref`),
    displayName: text(value.display_name, `providers[${i}].display_name`),
    countries: strings(value.countries, `providers[${i}].countries`),
    regions: strings(value.regions ?? [], `providers[${i}].regions`),
    connectionTypes: types as ConnectionType[],
    marketSourceId: optionalText(value.market_source_id),
    sandbox: isObject(sandbox)
      ? {
          behaviour: behaviour as 'connect' | 'pending' | 'fail',
          pendingSeconds: typeof sandbox.pending_seconds === 'number' ? sandbox.pending_seconds : 60,
          libraryTariffRef: optionalText(sandbox.library_tariff_ref),
        }
      : null,
  };
}

function tariff(value: unknown, i: number): TariffSeed {
  if (!isObject(value)) invalid(`tariffs[${i}] must be an object`);
  const direction = value.direction;
  if (direction !== 'IMPORT' && direction !== 'EXPORT')
    invalid(`tariffs[${i}].direction must be IMPORT or EXPORT`);
  const type = value.type ?? 'COMMODITY';
  if (type !== 'COMMODITY' && type !== 'NON_COMMODITY')
    invalid(`tariffs[${i}].type must be COMMODITY or NON_COMMODITY`);
  if (!Array.isArray(value.schedule)) invalid(`tariffs[${i}].schedule must be an array`);
  return {
    ref: text(value.ref, `tariffs[${i}].ref`),
    providerRef: text(value.provider_ref, `tariffs[${i}].provider_ref`),
    name: text(value.name, `tariffs[${i}].name`),
    description: optionalText(value.description),
    direction,
    type,
    currencyCode: text(value.currency_code, `tariffs[${i}].currency_code`),
    regions: strings(value.regions ?? [], `tariffs[${i}].regions`),
    validFrom: optionalInstant(value.valid_from, `tariffs[${i}].valid_from`),
    validTo: optionalInstant(value.valid_to, `tariffs[${i}].valid_to`),
    marketRates: value.market_rates === true,
    schedule: value.schedule as ScheduleEntryDefinition[],
  };
}

export function importOffpeak(textIn: string, options: ImportOptions = {}): CatalogueData {
  const doc = parseJsonFile(textIn, 'offpeak');
  if (!isObject(doc) || doc.format !== 'offpeak-catalogue')
    invalid('the file is not an offpeak-catalogue document');
  const providers = (Array.isArray(doc.providers) ? doc.providers : []).map(provider);
  const tariffs = (Array.isArray(doc.tariffs) ? doc.tariffs : []).map(tariff);
  const refs = new Set(providers.map((p) => p.ref));
  for (const t of tariffs)
    if (!refs.has(t.providerRef)) invalid(`tariff ${t.ref} names an unknown provider_ref`);
  if (options.regions) {
    for (const p of providers) p.regions = options.regions;
  }
  return { providers, tariffs };
}

// Octopus Energy product JSON (`GET /v1/products/{code}/`) → providers and library tariffs. Pure.
//
// A product lists its electricity tariffs per GSP region (`_A` … `_P`) and payment method; each
// single-register tariff of a region becomes one library tariff bound to that region (`GB-A`).
// Agile products follow the day-ahead market half-hour by half-hour, so they become market-rate
// tariffs; any other product is one rate all day at `standard_unit_rate_inc_vat` (pence → pounds).
// Time-of-use products publish their periods only through their unit-rate endpoint, and
// dual-register (day/night) tariffs do not say their hours, so neither is read here
// [decision:catalogue-octopus-mapping].
import { formatDecimal, shiftDecimal, toDecimal } from '../../../engine/index.ts';
import type { CatalogueData, ImportOptions, ProviderSeed, TariffSeed } from '../catalogue-data.ts';
import { invalid, isObject, optionalInstant, optionalText, parseJsonFile, text } from './json-input.ts';

/** Payment methods in the order one is picked when a region offers several. */
const PAYMENT_METHODS = ['direct_debit_monthly', 'varying', 'direct_debit_quarterly', 'prepayment', 'porob'];

const BRAND_NAMES: Readonly<Record<string, string>> = { OCTOPUS_ENERGY: 'Octopus Energy' };

function brandName(brand: string): string {
  return (
    BRAND_NAMES[brand] ??
    brand
      .toLowerCase()
      .split('_')
      .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
      .join(' ')
  );
}

function variantOf(region: Record<string, unknown>): Record<string, unknown> | undefined {
  for (const method of PAYMENT_METHODS) {
    const v = region[method];
    if (isObject(v)) return v;
  }
  return Object.values(region).find(isObject);
}

function productTariffs(
  product: Record<string, unknown>,
  options: ImportOptions,
): { provider: ProviderSeed; tariffs: TariffSeed[] } {
  const code = text(product.code, 'code');
  const brand = optionalText(product.brand) ?? 'OCTOPUS_ENERGY';
  const provider: ProviderSeed = {
    ref: `octopus-brand:${brand}`,
    displayName: options.providerName ?? brandName(brand),
    countries: ['GB'],
    regions: options.regions ?? [],
    connectionTypes: ['LIBRARY'],
    marketSourceId: null,
    sandbox: null,
  };
  const direction =
    product.direction === 'IMPORT' || product.direction === 'EXPORT'
      ? product.direction
      : /OUTGOING|EXPORT/.test(code)
        ? 'EXPORT'
        : 'IMPORT';
  const market = /^AGILE/.test(code);
  const regions = product.single_register_electricity_tariffs;
  if (!isObject(regions)) invalid(`product ${code} has no single_register_electricity_tariffs`);
  const tariffs: TariffSeed[] = [];
  for (const [key, region] of Object.entries(regions)) {
    const letter = /^_([A-P])$/.exec(key)?.[1];
    if (!letter || !isObject(region)) invalid(`product ${code}: ${key} is not a GSP region`);
    const variant = variantOf(region);
    if (!variant) continue;
    const unitRate = variant.standard_unit_rate_inc_vat;
    if (!market && typeof unitRate !== 'number') continue;
    tariffs.push({
      ref: `octopus:${text(variant.code, `${key} code`)}`,
      providerRef: provider.ref,
      name: optionalText(product.display_name) ?? code,
      description: optionalText(product.description),
      direction,
      type: 'COMMODITY',
      currencyCode: 'GBP',
      regions: [`GB-${letter}`],
      validFrom: optionalInstant(product.available_from, 'available_from'),
      validTo: optionalInstant(product.available_to, 'available_to'),
      marketRates: market,
      schedule: market
        ? []
        : [
            {
              months: ['All'],
              days_and_hours: [
                {
                  days: ['All'],
                  hours: [
                    {
                      valid_from: '00:00:00',
                      valid_to: '00:00:00',
                      rate: [{ fixed: Number(formatDecimal(shiftDecimal(toDecimal(String(unitRate)), -2))) }],
                    },
                  ],
                },
              ],
            },
          ],
    });
  }
  return { provider, tariffs };
}

/** Reads one product (`/v1/products/{code}/`) or an array of them. */
export function importOctopus(textIn: string, options: ImportOptions = {}): CatalogueData {
  const doc = parseJsonFile(textIn, 'octopus');
  const products = Array.isArray(doc) ? doc : [doc];
  const providers = new Map<string, ProviderSeed>();
  const tariffs: TariffSeed[] = [];
  for (const product of products) {
    if (!isObject(product)) invalid('a product must be an object');
    const read = productTariffs(product, options);
    if (!providers.has(read.provider.ref)) providers.set(read.provider.ref, read.provider);
    tariffs.push(...read.tariffs);
  }
  if (tariffs.length === 0) invalid('the file holds no single-register electricity tariff');
  return { providers: [...providers.values()], tariffs };
}

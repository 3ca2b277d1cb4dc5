// How a tariff came to a location. Types only, so core/tariffs can name it without depending on
// the catalogue (which depends on tariffs to make linked tariffs follow their library tariff).

/** `DIRECT` (provider login), `LIBRARY` (a library tariff), `MARKET` (market rates of the address), `MANUAL`. */
export type ConnectionType = 'DIRECT' | 'LIBRARY' | 'MARKET' | 'MANUAL';

export const CONNECTION_TYPES: readonly ConnectionType[] = ['DIRECT', 'LIBRARY', 'MARKET', 'MANUAL'];

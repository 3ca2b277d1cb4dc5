import type { Migration } from 'kysely';
import * as initial from './0001-initial.ts';

/** Forward-only migrations, applied in name order. Never edit one that has shipped: add the next. */
export const migrations: Record<string, Migration> = {
  '0001-initial': initial,
};

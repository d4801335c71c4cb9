import type { Migration } from 'kysely';
import { foundation } from './0001-foundation.js';

/**
 * Every migration in order. Names are fixed forever once released: Kysely
 * records them in its own table on both dialects.
 */
export const MIGRATIONS: Record<string, Migration> = {
  '0001-foundation': foundation,
};

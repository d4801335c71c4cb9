import { z } from 'zod';
import { EARLIEST_DATE, inputDateProblem, LATEST_DATE } from './dates.js';

/**
 * The one zod schema of an input date (request bodies and queries, imports,
 * services): `YYYY-MM-DD`, a real calendar day, from 1970-01-01 to 2199-12-31.
 */
export const inputDateSchema = z
  .string()
  .max(10)
  .superRefine((value, ctx) => {
    const problem = inputDateProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .describe(`a date YYYY-MM-DD from ${EARLIEST_DATE} to ${LATEST_DATE}`);

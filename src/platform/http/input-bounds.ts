import { inputProblem, MAX_INPUT_DEPTH } from '../../core/json-bounds.js';
import { AppError } from '../errors.js';
import type { App } from './app.js';
import type { RouteError } from './errors.js';

/** What {@link registerInputBounds} answers, on any route whatever its schema. */
export const INPUT_BOUNDS_ERROR: RouteError = {
  code: 'invalid_input',
  reason: `a parameter, query value or body field holding U+0000 or an unpaired surrogate, or nested deeper than ${MAX_INPUT_DEPTH} levels`,
};

/**
 * The one place every request's params, query and JSON body are bounded
 * before the route's own schema sees them: nesting at most
 * {@link MAX_INPUT_DEPTH} levels (a deeper record would overflow canonical
 * JSON's recursion), no U+0000 in any string or key (PostgreSQL refuses
 * it in text, SQLite would store it), and no unpaired surrogate (both
 * engines would store U+FFFD instead), answered 400 `invalid_input` naming
 * the field. Multipart fields are bounded by `withUpload`.
 */
export function registerInputBounds(app: App): void {
  app.addHook('preValidation', async (request) => {
    for (const [part, value] of [
      ['params', request.params],
      ['querystring', request.query],
      ['body', request.body],
    ] as const) {
      const problem = inputProblem(value, MAX_INPUT_DEPTH);
      if (!problem) continue;
      const path = problem.path ? `${part}.${problem.path}` : part;
      throw new AppError('invalid_input', `${path}: ${problem.reason}`, {
        issues: [{ path, message: problem.reason }],
      });
    }
  });
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fixtureText,
  MUTATIONS,
  mutate,
  runParser,
  SAMPLE_OF,
  textStream,
} from '../../../test/builders/nhi-parsers.js';
import { ImportError } from '../../platform/errors.js';
import { NHI_IMPORT_KINDS, type NhiImportKindName } from './index.js';

const HANG_MS = 5_000;
const RUNS = Number(process.env.NHI_FUZZ_RUNS ?? 40);

/** Parses `bytes`; resolves 'ok' or 'import-error', rejects on any other error or a hang. */
async function outcome(kind: NhiImportKindName, bytes: Buffer, chunk: number): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${kind} did not finish within ${HANG_MS} ms`)), HANG_MS);
  });
  try {
    return await Promise.race([
      runParser(NHI_IMPORT_KINDS[kind].parse, textStream(bytes, chunk), 'fuzz').then(
        () => 'ok',
        (err: unknown) => {
          if (err instanceof ImportError) return 'import-error';
          throw err;
        },
      ),
      hang,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

const kinds = Object.keys(NHI_IMPORT_KINDS) as NhiImportKindName[];

describe('fuzzed input never crashes a parser with anything but ImportError, nor hangs', () => {
  it.each(kinds)(
    '%s: random bytes',
    async (kind) => {
      await fc.assert(
        fc.asyncProperty(
          fc.uint8Array({ maxLength: 3000 }),
          fc.integer({ min: 1, max: 700 }),
          async (bytes, chunk) => {
            expect(['ok', 'import-error']).toContain(await outcome(kind, Buffer.from(bytes), chunk));
          },
        ),
        { numRuns: RUNS },
      );
    },
    60_000,
  );

  it.each(kinds)(
    '%s: mutated sample',
    async (kind) => {
      const sample = fixtureText(SAMPLE_OF[kind]);
      await fc.assert(
        fc.asyncProperty(MUTATIONS, fc.integer({ min: 1, max: 4096 }), async (mutations, chunk) => {
          expect(['ok', 'import-error']).toContain(
            await outcome(kind, Buffer.from(mutate(sample, mutations)), chunk),
          );
        }),
        { numRuns: RUNS },
      );
    },
    60_000,
  );

  it('aws-credential-report: mutated base64 wrapper', async () => {
    const content = Buffer.from(fixtureText(SAMPLE_OF['aws-credential-report'])).toString('base64');
    const wrapper = `{\n    "Content": "${content}",\n    "ReportFormat": "text/csv",\n    "GeneratedTime": "2026-08-20T10:00:00+00:00"\n}\n`;
    await fc.assert(
      fc.asyncProperty(MUTATIONS, fc.integer({ min: 1, max: 2048 }), async (mutations, chunk) => {
        expect(['ok', 'import-error']).toContain(
          await outcome('aws-credential-report', Buffer.from(mutate(wrapper, mutations)), chunk),
        );
      }),
      { numRuns: 40 },
    );
  }, 60_000);
});

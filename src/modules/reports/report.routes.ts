import { PassThrough } from 'node:stream';
import { z } from 'zod';
import { inputDateSchema } from '../../core/date-schema.js';
import { todayIso } from '../../platform/clock.js';
import { XLSX_MEDIA_TYPE } from '../../platform/files/spreadsheet-xlsx.js';
import { type App, orgOf } from '../../platform/http/app.js';
import { attachmentDisposition } from '../../platform/http/content-disposition.js';
import { renderReadinessPdf } from './readiness-pdf.js';
import { exportFileName, prepareSpreadsheetExport, SPREADSHEET_EXPORTS } from './spreadsheets.js';

const tags = ['reports'];
const orgParams = z.object({ org: z.string().min(1).max(100) });
const binary = z.unknown().meta({ type: 'string', format: 'binary' });

/** `/api/v1/orgs/:org/exports/…`: spreadsheet downloads (XLSX and CSV), streamed. */
export async function reportRoutes(app: App): Promise<void> {
  const { database } = app.deps;

  app.route({
    method: 'GET',
    url: '/orgs/:org/exports/:kind',
    config: {
      policy: { concept: 'report', action: 'export' },
      raises: { not_found: 'the plan export needs an engagement, and there is none yet' },
    },
    schema: {
      tags,
      operationId: 'downloadSpreadsheet',
      summary: 'A spreadsheet of the organization (XLSX with a sheet per part, or the first sheet as CSV)',
      description:
        'controls: the control matrix (the file the matrix import reads back); readiness: a sheet per status and per SOC 2 category at `at`; plan, findings, exceptions, nhi-inventory, nhi-findings. Every cell is neutralized against formula injection.',
      params: orgParams.extend({ kind: z.enum(SPREADSHEET_EXPORTS) }),
      querystring: z.object({
        format: z.enum(['xlsx', 'csv']).default('xlsx'),
        at: inputDateSchema.optional().describe('the date T (default: today)'),
      }),
      response: {
        200: {
          description: 'The spreadsheet as an attachment',
          content: { [XLSX_MEDIA_TYPE]: { schema: binary }, 'text/csv': { schema: z.string() } },
        },
      },
    },
    handler: async (request, reply) => {
      const org = orgOf(request);
      const { kind } = request.params;
      const { format, at } = request.query;
      const write = await prepareSpreadsheetExport(database, org.id, kind, format, at ? { at } : {});
      const stream = new PassThrough();
      write(stream).catch((err) => stream.destroy(err));
      return reply
        .type(format === 'xlsx' ? XLSX_MEDIA_TYPE : 'text/csv; charset=utf-8')
        .header(
          'content-disposition',
          attachmentDisposition(
            exportFileName(kind, org.slug, kind === 'controls' ? null : (at ?? todayIso()), format),
          ),
        )
        .send(stream);
    },
  });

  app.route({
    method: 'GET',
    url: '/orgs/:org/reports/readiness.pdf',
    config: { policy: { concept: 'report', action: 'export' } },
    schema: {
      tags,
      operationId: 'downloadReadinessReport',
      summary:
        'The readiness report at T as a PDF (cover, scores, charts, gaps, milestones, exceptions, NHI posture)',
      params: orgParams,
      querystring: z.object({ at: inputDateSchema.optional().describe('the date T (default: today)') }),
      response: {
        200: { description: 'The PDF as an attachment', content: { 'application/pdf': { schema: binary } } },
      },
    },
    handler: async (request, reply) => {
      const org = orgOf(request);
      const at = request.query.at ?? todayIso();
      const pdf = await renderReadinessPdf(database, org.id, { at });
      return reply
        .type('application/pdf')
        .header('content-disposition', attachmentDisposition(`readiness-${org.slug}-${at}.pdf`))
        .send(pdf);
    },
  });
}

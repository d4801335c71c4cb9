import { createRequire } from 'node:module';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { isExceptionInForceOn, isFindingOpenOn } from '../../core/at-date.js';
import { inputDateProblem } from '../../core/dates.js';
import { burndownChartOption, categoryChartOption } from '../../core/reports/charts.js';
import { todayIso } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/errors.js';
import { getExceptions } from '../exceptions/exception.service.js';
import { listNhiFindings } from '../nhi/inventory/nhi.service.js';
import { findOrganization } from '../organizations/organization.service.js';
import { ledgerHead } from '../oscal/oscal.repository.js';
import { getBurndown, getReadiness, loadReadinessContext } from '../readiness/readiness.service.js';
import { renderChartSvg } from './chart-svg.js';

const require = createRequire(import.meta.url);

interface PdfMake {
  setFonts(fonts: Record<string, Record<string, string>>): void;
  setUrlAccessPolicy(callback: (url: string) => boolean): void;
  setLocalAccessPolicy(callback: (file: string) => boolean): void;
  createPdf(doc: unknown): { getStream(): Promise<Readable & { end(): void }> };
}

/** The Roboto fonts pdfmake ships in its package: nothing is fetched. */
const FONT_DIR = path.join(path.dirname(require.resolve('pdfmake/package.json')), 'fonts', 'Roboto');

let pdfmake: PdfMake | null = null;
function pdfMake(): PdfMake {
  if (!pdfmake) {
    pdfmake = require('pdfmake') as PdfMake;
    pdfmake.setFonts({
      Roboto: {
        normal: path.join(FONT_DIR, 'Roboto-Regular.ttf'),
        bold: path.join(FONT_DIR, 'Roboto-Medium.ttf'),
        italics: path.join(FONT_DIR, 'Roboto-Italic.ttf'),
        bolditalics: path.join(FONT_DIR, 'Roboto-MediumItalic.ttf'),
      },
    });
    // No network, and no file but the shipped fonts.
    pdfmake.setUrlAccessPolicy(() => false);
    pdfmake.setLocalAccessPolicy((file) => path.resolve(file).startsWith(FONT_DIR));
  }
  return pdfmake;
}

const table = (widths: (string | number)[], header: string[], rows: string[][]) => ({
  table: {
    headerRows: 1,
    widths,
    body: [header.map((h) => ({ text: h, bold: true })), ...(rows.length ? rows : [header.map(() => '—')])],
  },
  layout: 'lightHorizontalLines',
  fontSize: 8,
  margin: [0, 4, 0, 12],
});

/**
 * The readiness report at T as a PDF stream: a cover (organization,
 * engagement, T, the ledger head it was computed from), summary scores,
 * SOC 2 criteria by category and the burndown as charts (the dashboard's,
 * rendered to SVG by ECharts on the server), the gaps with reasons, owners
 * and due dates, the plan's milestones, exceptions in force, and the NHI
 * posture (open findings by rule and severity). Fonts are pdfmake's own;
 * the data is read before the first byte, the PDF is written as a stream.
 */
export async function renderReadinessPdf(
  database: Database,
  orgId: string,
  options: { at?: string } = {},
): Promise<Readable> {
  const at = options.at ?? todayIso();
  const problem = inputDateProblem(at);
  if (problem) throw new AppError('invalid_input', `at: ${problem}`);
  const org = await findOrganization(database.db, orgId);
  if (!org) throw notFound('organization', orgId);
  const context = await loadReadinessContext(database, orgId, { at });
  const engagementId = context.engagement?.id ?? null;
  const readiness = await getReadiness(database, orgId, { at, engagementId });
  const burndown = engagementId
    ? await getBurndown(database, orgId, { at, engagementId })
    : { actual: [], ideal: [] };
  const head = await ledgerHead(database.db, orgId);
  const exceptions = (await getExceptions(database, orgId)).filter((x) => isExceptionInForceOn(x, at));
  const nhiFindings = (await listNhiFindings(database, orgId, { at })).filter((f) => isFindingOpenOn(f, at));
  const milestones = context.plan?.milestones ?? [];
  const s = readiness.summary;

  const categorySvg = renderChartSvg(categoryChartOption(readiness), 520, 240);
  const burndownSvg = renderChartSvg(
    burndownChartOption(
      burndown,
      milestones.map((m) => ({ label: m.title, date: m.dueOn, done: m.doneOn !== null })),
      at,
    ),
    520,
    240,
  );
  const gaps = readiness.controls.filter((c) => c.status === 'gap');
  const posture = new Map<
    string,
    { rule: string; critical: number; high: number; medium: number; low: number }
  >();
  for (const f of nhiFindings) {
    const row = posture.get(f.rule) ?? {
      rule: `${f.rule} ${f.ruleTitle}`,
      critical: 0,
      high: 0,
      medium: 0,
      low: 0,
    };
    row[f.severity as 'critical' | 'high' | 'medium' | 'low'] += 1;
    posture.set(f.rule, row);
  }
  const e = context.engagement;
  const doc = {
    info: { title: `${org.name}: readiness at ${at}`, producer: 'auditready', creator: 'auditready' },
    pageSize: 'A4',
    pageMargins: [40, 48, 40, 48],
    defaultStyle: { font: 'Roboto', fontSize: 10 },
    footer: (page: number, pages: number) => ({
      text: `${org.name} · readiness at ${at} · page ${page} of ${pages}`,
      alignment: 'center',
      fontSize: 8,
      color: '#868e96',
    }),
    content: [
      { text: 'SOC 2 readiness report', fontSize: 24, bold: true, margin: [0, 120, 0, 12] },
      { text: org.name, fontSize: 18, margin: [0, 0, 0, 24] },
      {
        table: {
          widths: [120, '*'],
          body: [
            ['Date T', at],
            [
              'Engagement',
              e
                ? `${e.type === 'type1' ? `Type I, audit date ${e.auditDate}` : `Type II, window ${e.windowStart} to ${e.windowEnd}`}`
                : 'none',
            ],
            ['Ledger head', head ? `entry ${head.seq}, ${head.hash}` : 'no entries'],
            ['Generated by', 'auditready'],
          ],
        },
        layout: 'noBorders',
        fontSize: 9,
      },
      { text: 'Summary', fontSize: 16, bold: true, pageBreak: 'before', margin: [0, 0, 0, 8] },
      table(
        ['*', 60],
        ['Measure', 'Value'],
        [
          ['Control score', s.controlScore === null ? 'n/a' : `${Math.round(s.controlScore * 100)} %`],
          ['Criteria score', s.criteriaScore === null ? 'n/a' : `${Math.round(s.criteriaScore * 100)} %`],
          ['Controls in scope', String(s.inScope)],
          ['Gaps', String(s.controls.gap)],
          ['At risk', String(s.controls['at-risk'])],
          ['Excepted', String(s.controls.excepted)],
          ['Ready', String(s.controls.ready)],
          ['Not applicable', String(s.controls['not-applicable'])],
        ],
      ),
      { text: 'SOC 2 criteria by category and status', fontSize: 12, bold: true },
      { svg: categorySvg, width: 500, margin: [0, 4, 0, 12] },
      { text: 'Burndown of open gaps', fontSize: 12, bold: true },
      { svg: burndownSvg, width: 500, margin: [0, 4, 0, 12] },
      { text: `Gaps (${gaps.length})`, fontSize: 16, bold: true, pageBreak: 'before', margin: [0, 0, 0, 8] },
      table(
        [50, '*', 80, 55],
        ['Control', 'Reasons', 'Owner', 'Due'],
        gaps.map((c) => [
          `${c.code}`,
          c.reasons
            .filter((r) => r.severity === 'gap')
            .map((r) => r.message)
            .join('\n'),
          c.ownerName ?? 'unowned',
          c.reasons
            .map((r) => r.dueOn)
            .filter((d): d is string => d !== null)
            .sort()[0] ?? '',
        ]),
      ),
      { text: 'Plan milestones', fontSize: 16, bold: true, margin: [0, 8, 0, 8] },
      table(
        ['*', 70, 70],
        ['Milestone', 'Due', 'Done'],
        milestones.map((m) => [m.title, m.dueOn, m.doneOn ?? '']),
      ),
      { text: `Exceptions in force (${exceptions.length})`, fontSize: 16, bold: true, margin: [0, 8, 0, 8] },
      table(
        [50, '*', 45, 60],
        ['Control', 'Summary', 'Risk', 'Expires'],
        exceptions.map((x) => [x.controlCode, x.summary, x.riskRating, x.expiresOn]),
      ),
      { text: 'Non-human identity posture', fontSize: 16, bold: true, margin: [0, 8, 0, 8] },
      table(
        ['*', 40, 40, 40, 40],
        ['Open findings by rule', 'Critical', 'High', 'Medium', 'Low'],
        [...posture.values()]
          .sort((a, b) => a.rule.localeCompare(b.rule))
          .map((r) => [r.rule, String(r.critical), String(r.high), String(r.medium), String(r.low)]),
      ),
    ],
  };
  const stream = await pdfMake().createPdf(doc).getStream();
  // The PDFKit document is laid out; ending it writes the file's remaining objects and the trailer.
  stream.end();
  return stream;
}

import type { Writable } from 'node:stream';
import { inputDateProblem } from '../../core/dates.js';
import { READINESS_STATUSES } from '../../core/readiness/schema.js';
import type { ControlReadiness, ReadinessResult } from '../../core/readiness/types.js';
import { todayIso } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors.js';
import { writeSpreadsheetCsv } from '../../platform/files/spreadsheet-csv.js';
import { type SpreadsheetSheet, writeSpreadsheetXlsx } from '../../platform/files/spreadsheet-xlsx.js';
import { listControlDetails } from '../controls/control.repository.js';
import { exportControlMatrix } from '../controls/control.service.js';
import { toMatrixRow, writeControlMatrixXlsx } from '../controls/control-matrix.js';
import { getExceptions } from '../exceptions/exception.service.js';
import { getFindings } from '../findings/finding.service.js';
import { listNhiFindings, listNhis } from '../nhi/inventory/nhi.service.js';
import { getPlan } from '../plan/plan.service.js';
import { getReadiness } from '../readiness/readiness.service.js';

/** The spreadsheet exports (CSV and XLSX), by the name the CLI and API use. */
export const SPREADSHEET_EXPORTS = [
  'controls',
  'readiness',
  'plan',
  'findings',
  'exceptions',
  'nhi-inventory',
  'nhi-findings',
] as const;

/** A spreadsheet export's name. */
export type SpreadsheetExport = (typeof SPREADSHEET_EXPORTS)[number];

/** A spreadsheet file format. */
export type SpreadsheetFormat = 'csv' | 'xlsx';

const STATUS_SHEET: Record<(typeof READINESS_STATUSES)[number], string> = {
  gap: 'Gaps',
  'at-risk': 'At risk',
  excepted: 'Excepted',
  ready: 'Ready',
  'not-applicable': 'Not applicable',
};

const CONTROL_COLUMNS = ['code', 'title', 'status', 'owner', 'unowned', 'reasons', 'next_due'];

function controlRow(c: ControlReadiness): string[] {
  const due =
    c.reasons
      .map((r) => r.dueOn)
      .filter((d): d is string => d !== null)
      .sort()[0] ?? '';
  return [
    c.code,
    c.title,
    c.status,
    c.ownerName ?? '',
    c.unowned ? 'yes' : 'no',
    c.reasons.map((r) => `${r.severity}: ${r.message}`).join('\n'),
    due,
  ];
}

/**
 * Readiness at T as sheets: the summary, every in-scope control, one sheet
 * per status, and one per SOC 2 category (its criteria with their status
 * and controls). The CSV is the "Controls" sheet.
 */
export function readinessSheets(result: ReadinessResult): SpreadsheetSheet[] {
  const s = result.summary;
  const codeOf = new Map(result.controls.map((c) => [c.controlId, c.code]));
  const summary: SpreadsheetSheet = {
    name: 'Summary',
    columns: ['measure', 'value'],
    rows: [
      ['date', result.at],
      ['engagement', result.engagementId ?? ''],
      ['control score', String(s.controlScore)],
      ['criteria score', String(s.criteriaScore)],
      ['controls in scope', String(s.inScope)],
      ['controls out of scope', String(s.outOfScope)],
      ...READINESS_STATUSES.map((status) => [`controls ${status}`, String(s.controls[status])]),
      ['gap reasons', String(s.reasons.gap)],
      ['at-risk reasons', String(s.reasons['at-risk'])],
    ],
  };
  const categories = result.categories.filter((c) => c.frameworkId === 'soc2');
  return [
    { name: 'Controls', columns: CONTROL_COLUMNS, rows: result.controls.map(controlRow) },
    summary,
    ...READINESS_STATUSES.map((status) => ({
      name: STATUS_SHEET[status],
      columns: CONTROL_COLUMNS,
      rows: result.controls.filter((c) => c.status === status).map(controlRow),
    })),
    ...categories.map((cat) => ({
      name: `${cat.code} ${cat.title}`,
      columns: ['criterion', 'title', 'status', 'controls'],
      rows: result.criteria
        .filter(
          (c) => c.frameworkId === 'soc2' && (c.group === cat.code || c.code.startsWith(`${cat.code}.`)),
        )
        .map((c) => [c.code, c.title, c.status, c.controlIds.map((id) => codeOf.get(id) ?? id).join('; ')]),
    })),
  ];
}

async function sheetsOf(
  database: Database,
  orgId: string,
  kind: Exclude<SpreadsheetExport, 'controls'>,
  at: string,
): Promise<SpreadsheetSheet[]> {
  switch (kind) {
    case 'readiness':
      return readinessSheets(await getReadiness(database, orgId, { at }));
    case 'plan': {
      const { plan } = await getPlan(database, orgId);
      return [
        {
          name: 'Evidence due',
          columns: ['control', 'requirement', 'period_start', 'period_end', 'due_on', 'done_on', 'done_by'],
          rows: plan.items.flatMap((i) =>
            i.kind === 'evidence'
              ? [
                  [
                    i.controlCode,
                    i.requirementCode,
                    i.period?.start ?? '',
                    i.period?.end ?? '',
                    i.dueOn,
                    i.doneOn ?? '',
                    i.doneBy ?? '',
                  ],
                ]
              : [],
          ),
        },
        {
          name: 'Gap work',
          columns: ['control', 'reason', 'work', 'severity', 'requirement', 'due_on', 'owner_id', 'message'],
          rows: plan.items.flatMap((i) =>
            i.kind === 'gap'
              ? [
                  [
                    i.controlCode,
                    i.code,
                    i.label,
                    i.severity,
                    i.requirementCode ?? '',
                    i.dueOn,
                    i.ownerId ?? '',
                    i.message,
                  ],
                ]
              : i.gap
                ? [
                    [
                      i.controlCode,
                      i.gap.code,
                      i.gap.label,
                      i.gap.severity,
                      i.requirementCode,
                      i.dueOn,
                      i.ownerId ?? '',
                      i.gap.message,
                    ],
                  ]
                : [],
          ),
        },
        {
          name: 'Milestones',
          columns: ['code', 'title', 'due_on', 'done_on', 'done_by'],
          rows: plan.milestones.map((m) => [m.code, m.title, m.dueOn, m.doneOn ?? '', m.doneBy ?? '']),
        },
      ];
    }
    case 'findings':
      return [
        {
          name: 'Findings',
          columns: [
            'id',
            'title',
            'description',
            'severity',
            'source',
            'owner',
            'due_on',
            'opened_on',
            'resolved_on',
            'resolution',
            'controls',
            'criteria',
          ],
          rows: (await getFindings(database, orgId)).map((f) => [
            f.id,
            f.title,
            f.description ?? '',
            f.severity,
            f.source,
            f.ownerEmail ?? '',
            f.dueOn ?? '',
            f.openedOn,
            f.resolvedOn ?? '',
            f.resolution ?? '',
            f.controls.map((c) => c.code).join('; '),
            f.criteria.map((c) => `${c.frameworkId}:${c.code}`).join('; '),
          ]),
        },
      ];
    case 'exceptions':
      return [
        {
          name: 'Exceptions',
          columns: [
            'id',
            'control',
            'scope',
            'requirement',
            'finding',
            'summary',
            'reason',
            'compensating_control',
            'risk',
            'approver',
            'approved_on',
            'expires_on',
            'closed_on',
          ],
          rows: (await getExceptions(database, orgId)).map((x) => [
            x.id,
            x.controlCode,
            x.scope,
            x.requirementCode ?? '',
            x.findingId ?? '',
            x.summary,
            x.reason,
            x.compensatingControl ?? '',
            x.riskRating,
            x.approverEmail ?? '',
            x.approvedOn ?? '',
            x.expiresOn,
            x.closedOn ?? '',
          ]),
        },
      ];
    case 'nhi-inventory':
      return [
        {
          name: 'Inventory',
          columns: [
            'id',
            'provider',
            'kind',
            'external_id',
            'name',
            'owner',
            'owner_hint',
            'environment',
            'privileged',
            'auth_method',
            'created_at',
            'last_used_at',
            'last_rotated_at',
            'expires_at',
            'status',
            'open_findings',
          ],
          rows: (await listNhis(database, orgId, {}, { at })).map((n) => [
            n.id,
            n.provider,
            n.kind,
            n.externalId,
            n.name,
            n.owner?.email ?? '',
            n.ownerHint ?? '',
            n.environment ?? '',
            n.privileged ? 'yes' : 'no',
            n.authMethod,
            n.createdAt ?? '',
            n.lastUsedAt ?? '',
            n.lastRotatedAt ?? '',
            n.expiresAt ?? '',
            n.status,
            n.openFindings.join('; '),
          ]),
        },
      ];
    case 'nhi-findings':
      return [
        {
          name: 'NHI findings',
          columns: [
            'id',
            'rule',
            'rule_title',
            'severity',
            'identity',
            'provider',
            'external_id',
            'title',
            'message',
            'opened_on',
            'owasp',
            'soc2',
            'controls',
          ],
          rows: (await listNhiFindings(database, orgId, { at })).map((f) => [
            f.findingId,
            f.rule,
            f.ruleTitle,
            f.severity,
            f.nhi.name,
            f.nhi.provider,
            f.nhi.externalId,
            f.title,
            f.message ?? '',
            f.openedOn,
            f.owasp.join('; '),
            f.soc2.join('; '),
            f.controls.join('; '),
          ]),
        },
      ];
  }
}

/** The rows of a sheet as an array (CSV is written whole by the shared writer). */
async function collect(rows: SpreadsheetSheet['rows']): Promise<string[][]> {
  const out: string[][] = [];
  for await (const r of rows) out.push([...r]);
  return out;
}

/** An export whose data is read: writing it is all that is left (errors in reading came before any byte). */
export type PreparedExport = (output: Writable) => Promise<void>;

/**
 * Reads one spreadsheet export's data and returns its writer: XLSX through
 * the streaming writer (every sheet), CSV through the shared CSV writer (the
 * export's first sheet). Both neutralize formula injection by the one rule.
 * The control matrix is the matrix file `controls import` reads back.
 */
export async function prepareSpreadsheetExport(
  database: Database,
  orgId: string,
  kind: SpreadsheetExport,
  format: SpreadsheetFormat,
  options: { at?: string } = {},
): Promise<PreparedExport> {
  const at = options.at ?? todayIso();
  const problem = inputDateProblem(at);
  if (problem) throw new AppError('invalid_input', `at: ${problem}`);
  if (kind === 'controls') {
    if (format === 'xlsx') {
      const rows = (await listControlDetails(database.db, orgId)).map(toMatrixRow);
      return (output) => writeControlMatrixXlsx(output, rows);
    }
    const text = await exportControlMatrix(database, orgId, 'csv');
    return async (output) => {
      output.end(text);
    };
  }
  const sheets = await sheetsOf(database, orgId, kind, at);
  if (format === 'xlsx') return (output) => writeSpreadsheetXlsx(output, sheets);
  const first = sheets[0]!;
  const text = writeSpreadsheetCsv(first.columns, await collect(first.rows));
  return async (output) => {
    output.end(text);
  };
}

/** Reads and writes one spreadsheet export to `output` (see `prepareSpreadsheetExport`). */
export async function writeSpreadsheetExport(
  database: Database,
  orgId: string,
  kind: SpreadsheetExport,
  format: SpreadsheetFormat,
  output: Writable,
  options: { at?: string } = {},
): Promise<void> {
  await (await prepareSpreadsheetExport(database, orgId, kind, format, options))(output);
}

/** The file name of an export for an organization (`readiness-acme-2026-11-29.xlsx`). */
export function exportFileName(kind: string, orgSlug: string, at: string | null, extension: string): string {
  return `${kind}-${orgSlug}${at ? `-${at}` : ''}.${extension}`;
}

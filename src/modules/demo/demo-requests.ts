/**
 * The demo engagement's first requests, as an auditor opening fieldwork of a
 * running Type II window would send them: the access review of production
 * accounts (answered with the completed campaign's record, submitted and
 * accepted), the release log (answered, submitted, waiting for the auditor)
 * and the incident response test (open, due within two weeks, so its
 * control is at risk). Answers attach evidence of the request's own
 * controls, effective inside the window, so the engagement's package holds
 * evidence and threads.
 */
import { addDays, type IsoDate } from '../../core/dates.js';
import type { Actor } from '../../core/ledger/chain.js';
import type { Database } from '../../platform/db/database.js';
import { createRequest, evidenceOptions } from '../requests/request.service.js';
import { acceptRequest, answerRequest, submitRequest } from '../requests/request-thread.service.js';

const REQUESTS = [
  {
    reference: 'PRE-01',
    text: 'Provide the most recent review of user access to production systems, with the decisions taken and the follow-up of every removal.',
    controlCodes: ['AC-03'],
    answer: 'The completed access review of the GitHub organization, with its follow-up closed.',
    accept: true,
  },
  {
    reference: 'PRE-02',
    text: 'Provide the list of production releases in the period with the changes each shipped, their approvals and their checks.',
    controlCodes: ['CM-04'],
    answer: 'The release log of the platform API as imported from GitHub.',
    accept: false,
  },
  {
    reference: 'PRE-03',
    text: 'Provide the results of the most recent incident response test or exercise.',
    controlCodes: ['IR-03'],
    answer: null,
    accept: false,
  },
] as const;

/** Seeds the requests of the engagement; returns how many there are. */
export async function seedRequests(
  database: Database,
  actor: Actor,
  orgId: string,
  engagementId: string,
  window: { start: IsoDate; end: IsoDate },
  today: IsoDate,
): Promise<number> {
  for (const r of REQUESTS) {
    await createRequest(database, actor, orgId, engagementId, {
      reference: r.reference,
      text: r.text,
      controlCodes: r.controlCodes,
      dueOn: addDays(today, r.answer === null ? 10 : 21),
    });
    if (r.answer === null) continue;
    const inWindow = (await evidenceOptions(database, orgId, engagementId, r.reference)).filter(
      (e) => e.effectiveEnd >= window.start && e.effectiveStart <= window.end,
    );
    if (inWindow.length === 0) continue;
    await answerRequest(database, actor, orgId, engagementId, r.reference, {
      message: r.answer,
      evidenceIds: [inWindow[0]!.id],
    });
    await submitRequest(database, actor, orgId, engagementId, r.reference);
    if (r.accept) await acceptRequest(database, actor, orgId, engagementId, r.reference);
  }
  return REQUESTS.length;
}

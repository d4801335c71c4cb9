import type { Migration } from 'kysely';
import { foundation } from './0001-foundation.js';
import { auth } from './0002-auth.js';
import { evidence } from './0003-evidence.js';
import { nhi } from './0004-nhi.js';
import { readinessFacts } from './0005-readiness-facts.js';
import { exceptionScope } from './0006-exception-scope.js';
import { invitations } from './0007-invitations.js';
import { checkpoints } from './0008-checkpoints.js';
import { sso } from './0009-sso.js';
import { importedFrameworks } from './0010-imported-frameworks.js';
import { auditorScope } from './0011-auditor-scope.js';
import { auditRequests } from './0012-audit-requests.js';
import { auditSamples } from './0013-audit-samples.js';
import { changes } from './0015-changes.js';
import { jobs } from './0016-jobs.js';
import { reviewSeparation } from './0017-review-separation.js';
import { accessReviews } from './0019-access-reviews.js';
import { incidents } from './0020-incidents.js';
import { vendors } from './0021-vendors.js';
import { policies } from './0022-policies.js';
import { exceptionReviews } from './0023-exception-reviews.js';
import { tickets } from './0024-tickets.js';
import { nhiImportRoots } from './0025-nhi-import-roots.js';
import { connectors } from './0026-connectors.js';
import { githubAppCredentials } from './0028-github-app-credentials.js';
import { ruleLinks } from './0029-rule-links.js';
import { nhiStagingUnlogged } from './0030-nhi-staging-unlogged.js';
import { nhiEvaluations } from './0032-nhi-evaluations.js';
import { nhiStagingReclaimed } from './0034-nhi-staging-reclaimed.js';
import { nhiReadIndexes } from './0035-nhi-read-indexes.js';

/**
 * Every migration in order. Names are fixed forever once released: Kysely
 * records them in its own table on both dialects.
 */
export const MIGRATIONS: Record<string, Migration> = {
  '0001-foundation': foundation,
  '0002-auth': auth,
  '0003-evidence': evidence,
  '0004-nhi': nhi,
  '0005-readiness-facts': readinessFacts,
  '0006-exception-scope': exceptionScope,
  '0007-invitations': invitations,
  '0008-checkpoints': checkpoints,
  '0009-sso': sso,
  '0010-imported-frameworks': importedFrameworks,
  '0011-auditor-scope': auditorScope,
  '0012-audit-requests': auditRequests,
  '0013-audit-samples': auditSamples,
  '0015-changes': changes,
  '0016-jobs': jobs,
  '0017-review-separation': reviewSeparation,
  '0019-access-reviews': accessReviews,
  '0020-incidents': incidents,
  '0021-vendors': vendors,
  '0022-policies': policies,
  '0023-exception-reviews': exceptionReviews,
  '0024-tickets': tickets,
  '0025-nhi-import-roots': nhiImportRoots,
  '0026-connectors': connectors,
  '0028-github-app-credentials': githubAppCredentials,
  '0029-rule-links': ruleLinks,
  '0030-nhi-staging-unlogged': nhiStagingUnlogged,
  '0032-nhi-evaluations': nhiEvaluations,
  '0034-nhi-staging-reclaimed': nhiStagingReclaimed,
  '0035-nhi-read-indexes': nhiReadIndexes,
};

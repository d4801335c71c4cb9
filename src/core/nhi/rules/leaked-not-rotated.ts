/**
 * NHI2 Secret Leakage: a secret scanner found the credential in code or
 * history, and it still works. Deleting the commit does not help; only
 * rotating (or disabling) the credential closes the leak.
 */
import { leakStatus } from '../linking.js';
import { compareText, identityKey, type JsonValue, stableJson } from '../order.js';
import { label, makeFinding, type NhiRuleMeta } from './helpers.js';
import type { NhiFinding, NhiRuleContext, NhiRuleIdentity } from './types.js';

/** The leaked-secret rule's fixed tags. */
export const LEAKED_NOT_ROTATED: NhiRuleMeta = {
  id: 'nhi-leaked-not-rotated',
  title: 'Leaked secret not rotated since the leak',
  owasp: ['NHI2:2025'],
  soc2: ['CC6.1', 'CC7.3', 'CC7.4'],
};

/**
 * One finding per leaked identity with at least one open leak at T (critical
 * when a scanner verified the secret works). Unlinked leaks name no identity
 * and stay in the scanner's own report.
 */
export function findLeakedNotRotated(ctx: NhiRuleContext): NhiFinding[] {
  const open = new Map<string, { identity: NhiRuleIdentity; leaks: { [key: string]: JsonValue }[] }>();
  for (const { leak, identity, via } of ctx.leaks) {
    if (identity === null || leakStatus(leak, identity, ctx.at) !== 'open') continue;
    const key = identityKey(identity);
    const entry = open.get(key) ?? { identity, leaks: [] };
    // Duplicate records of one identity: name the same one whatever the order of the leaks.
    if (stableJson(identity) < stableJson(entry.identity)) entry.identity = identity;
    entry.leaks.push({
      scanner: leak.scanner,
      fingerprint: leak.fingerprint,
      rule: leak.rule,
      repository: leak.location.repository,
      file: leak.location.file,
      line: leak.location.line,
      commit: leak.location.commit,
      leakedAt: leak.leakedAt,
      verified: leak.verified,
      via,
    });
    open.set(key, entry);
  }
  return [...open.values()].map(({ identity, leaks }) => {
    leaks.sort((a, b) => compareText(JSON.stringify(a), JSON.stringify(b)));
    const verified = leaks.some((l) => l.verified === true);
    const first = leaks[0] ?? {};
    const where = [first.repository, first.file].filter((p) => typeof p === 'string').join(' ');
    const more = leaks.length > 1 ? ` (and ${leaks.length - 1} more)` : '';
    return makeFinding(LEAKED_NOT_ROTATED, identity, {
      severity: verified ? 'critical' : 'high',
      message: `Rotate ${label(identity)} now: it leaked${where ? ` in ${where}` : ''}${more}${typeof first.leakedAt === 'string' ? ` on ${first.leakedAt.slice(0, 10)}` : ''}${verified ? ', a scanner verified it works,' : ''} and it has not been rotated since. Revoke the old value; removing it from the code is not enough.`,
      evidence: { leaks, lastRotatedAt: identity.lastRotatedAt, status: identity.status },
    });
  });
}

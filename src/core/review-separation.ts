import type { Actor } from './ledger/chain.js';

/**
 * Separation of duties in evidence review (issue 14, docs/decisions/0019):
 * under the organization's setting (on by default), whoever uploaded a piece
 * of evidence may not accept it. The same actor (user, API token or person)
 * is the uploader; the system itself (imports, the CLI, which has no signed-in
 * identity) is exempt, since nobody reviews their own upload there. Rejecting
 * one's own upload stays possible (a withdrawal). Returns why not, or null.
 */
export function selfAcceptanceProblem(input: {
  separate: boolean;
  decision: 'accepted' | 'rejected';
  collector: Actor;
  reviewer: Actor;
}): string | null {
  const { separate, decision, collector, reviewer } = input;
  if (!separate || decision !== 'accepted' || reviewer.type === 'system') return null;
  if (collector.type !== reviewer.type || collector.id !== reviewer.id) return null;
  return `you uploaded this evidence: someone else must accept it (separation of duties; an admin can turn it off in the organization's settings)`;
}

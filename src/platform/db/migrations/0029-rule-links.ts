import type { Kysely, Migration } from 'kysely';
import { matchRuleKey, type RuleDomain, ruleLinkMapVersion } from '../../../catalogs/rule-links.js';

/** The table linking each family's rule findings to their rule (and subject). */
const RULE_FINDING_TABLES: readonly (readonly [RuleDomain, string])[] = [
  ['nhi', 'nhi_findings'],
  ['change', 'change_findings'],
  ['access-review', 'access_review_findings'],
  ['incident', 'incident_findings'],
  ['vendor', 'vendor_findings'],
  ['policy', 'policy_findings'],
];

/** Findings moved per round: bounds the `in (…)` lists and the memory of a large store. */
const PAGE = 2000;

/**
 * Rule findings link to controls and criteria through their rule (issue 20
 * item 2, docs/decisions/0036): `findings.rule_key` names the finding's key
 * in the rule link map (src/catalogs/rule-links.ts), and readers take its
 * controls and criteria from the map, not from `finding_controls` /
 * `finding_criteria` rows.
 *
 * Existing rule findings (those a family's rule table names) move onto the
 * map when their link rows are exactly what version 2026.12.0 of the map
 * gives their rule (their control codes and criteria, as sets): the key is
 * set and the rows are deleted. A finding whose rows differ (a control the
 * organization lacked when it was opened, say) keeps its rows and no key,
 * and so reads as before. No ledger entry names link rows on their own
 * (a finding's `create` entry or NHI change row records its controls and
 * criteria as they were, and `verify` compares neither with these tables),
 * so what the log vouches for is unchanged.
 */
export const ruleLinks: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations see the schema as it was then, not today's DB type
  async up(db: Kysely<any>) {
    await db.schema.alterTable('findings').addColumn('rule_key', 'text').execute();
    const map = ruleLinkMapVersion('2026.12.0');
    for (const [domain, table] of RULE_FINDING_TABLES) {
      let after = '';
      for (;;) {
        const page: { finding_id: string; rule: string }[] = await db
          .selectFrom(`${table} as l`)
          .select(['l.finding_id', 'l.rule'])
          .where('l.finding_id', '>', after)
          .orderBy('l.finding_id')
          .limit(PAGE)
          .execute();
        if (page.length === 0) break;
        after = page[page.length - 1]!.finding_id;
        const ids = page.map((r) => r.finding_id);
        const controls: { finding_id: string; code: string }[] = await db
          .selectFrom('finding_controls as fc')
          .innerJoin('controls as c', 'c.id', 'fc.control_id')
          .select(['fc.finding_id', 'c.code'])
          .where('fc.finding_id', 'in', ids)
          .execute();
        const criteria: { finding_id: string; framework_id: string; criterion_code: string }[] = await db
          .selectFrom('finding_criteria')
          .select(['finding_id', 'framework_id', 'criterion_code'])
          .where('finding_id', 'in', ids)
          .execute();
        const linksOf = new Map(
          ids.map((id) => [
            id,
            { controls: [] as string[], criteria: [] as { frameworkId: string; code: string }[] },
          ]),
        );
        for (const c of controls) linksOf.get(c.finding_id)?.controls.push(c.code);
        for (const c of criteria)
          linksOf.get(c.finding_id)?.criteria.push({ frameworkId: c.framework_id, code: c.criterion_code });
        const byKey = new Map<string, string[]>();
        for (const r of page) {
          const key = matchRuleKey(domain, r.rule, linksOf.get(r.finding_id)!, map);
          if (key === undefined) continue;
          byKey.set(key, [...(byKey.get(key) ?? []), r.finding_id]);
        }
        for (const [key, moved] of byKey) {
          await db.updateTable('findings').set({ rule_key: key }).where('id', 'in', moved).execute();
          await db.deleteFrom('finding_controls').where('finding_id', 'in', moved).execute();
          await db.deleteFrom('finding_criteria').where('finding_id', 'in', moved).execute();
        }
      }
    }
  },
};

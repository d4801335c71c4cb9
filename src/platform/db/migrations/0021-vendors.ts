import type { Kysely, Migration } from 'kysely';

/**
 * Vendor oversight (issue 17, docs/decisions/0028): the vendor register,
 * the assurance reports and bridge letters received (their files are
 * evidence), the CUECs of the reports mapped to our controls, the recorded
 * reviews, and the findings raised by the vendor rules.
 */
export const vendors: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('vendors')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('name_key', 'text', (c) => c.notNull())
      .addColumn('service', 'text', (c) => c.notNull())
      .addColumn('criticality', 'text', (c) => c.notNull())
      .addColumn('data_touched', 'text', (c) => c.notNull())
      .addColumn('owner_id', 'text', (c) => c.references('people.id'))
      .addColumn('contract_start', 'text')
      .addColumn('contract_end', 'text')
      .addColumn('last_assessed_on', 'text')
      .addColumn('next_review_on', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('vendors_name', ['org_id', 'name_key'])
      .execute();

    await db.schema
      .createTable('vendor_reports')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('vendor_id', 'text', (c) => c.notNull().references('vendors.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('period_start', 'text', (c) => c.notNull())
      .addColumn('period_end', 'text', (c) => c.notNull())
      .addColumn('received_on', 'text', (c) => c.notNull())
      .addColumn('evidence_id', 'text', (c) => c.notNull().references('evidence.id'))
      .addColumn('file_name', 'text', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('vendor_reports_vendor')
      .on('vendor_reports')
      .columns(['vendor_id'])
      .execute();

    await db.schema
      .createTable('vendor_bridge_letters')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('vendor_id', 'text', (c) => c.notNull().references('vendors.id'))
      .addColumn('covered_from', 'text', (c) => c.notNull())
      .addColumn('covered_to', 'text', (c) => c.notNull())
      .addColumn('received_on', 'text', (c) => c.notNull())
      .addColumn('evidence_id', 'text', (c) => c.notNull().references('evidence.id'))
      .addColumn('file_name', 'text', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('vendor_bridge_letters_vendor')
      .on('vendor_bridge_letters')
      .columns(['vendor_id'])
      .execute();

    await db.schema
      .createTable('vendor_cuecs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('vendor_id', 'text', (c) => c.notNull().references('vendors.id'))
      .addColumn('report_id', 'text', (c) => c.references('vendor_reports.id'))
      .addColumn('ref', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('vendor_cuecs_ref', ['vendor_id', 'ref'])
      .execute();

    await db.schema
      .createTable('vendor_cuec_controls')
      .addColumn('cuec_id', 'text', (c) => c.notNull().references('vendor_cuecs.id'))
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('control_id', 'text', (c) => c.notNull().references('controls.id'))
      .addPrimaryKeyConstraint('vendor_cuec_controls_pk', ['cuec_id', 'control_id'])
      .execute();

    await db.schema
      .createTable('vendor_reviews')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('vendor_id', 'text', (c) => c.notNull().references('vendors.id'))
      .addColumn('reviewed_on', 'text', (c) => c.notNull())
      .addColumn('reviewer_id', 'text', (c) => c.references('people.id'))
      .addColumn('notes', 'text', (c) => c.notNull())
      .addColumn('next_review_on', 'text', (c) => c.notNull())
      .addColumn('evidence_sha256', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('vendor_reviews_vendor')
      .on('vendor_reviews')
      .columns(['vendor_id'])
      .execute();

    await db.schema
      .createTable('vendor_findings')
      .addColumn('finding_id', 'text', (c) => c.primaryKey().references('findings.id'))
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('rule', 'text', (c) => c.notNull())
      .addColumn('subject_key', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('vendor_findings_key')
      .on('vendor_findings')
      .columns(['org_id', 'rule', 'subject_key'])
      .execute();
  },
};

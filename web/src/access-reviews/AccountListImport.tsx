import { Select, TextInput } from '@mantine/core';
import { useState } from 'react';
import {
  ACCOUNT_LIST_FORMAT_LABELS,
  ACCOUNT_LIST_FORMATS,
  type AccountListFormat,
} from '../../../src/core/access-reviews/account-list-formats';
import { FileImportModal } from '../components/FileImportModal';
import { type AccountListResult, importAccountList } from './queries';

const DETECT = 'detect';

/** The result of an account list import in words. */
export function accountListSummary(file: string, r: AccountListResult): string {
  if (r.status === 'unchanged')
    return `${file}: the same list of ${r.system} as of ${r.asOf} is already imported: nothing changed.`;
  return `${file} (${ACCOUNT_LIST_FORMAT_LABELS[r.format]}): ${r.accounts} accounts of ${r.system} as of ${r.asOf}, ${r.matchedPeople} joined to people, ${r.followUpsClosed} follow-up(s) closed.`;
}

/** Uploads one system's account list (CSV, Okta users or GitHub members export), all or nothing. */
export function AccountListImport({
  org,
  opened,
  onClose,
  onImported,
}: {
  org: string;
  opened: boolean;
  onClose: () => void;
  onImported: () => void;
}) {
  const [system, setSystem] = useState('');
  const [format, setFormat] = useState<AccountListFormat | typeof DETECT>(DETECT);
  const [asOf, setAsOf] = useState('');
  return (
    <FileImportModal
      opened={opened}
      onClose={onClose}
      onImported={onImported}
      title="Import an account list"
      intro={
        <>
          One system's accounts at a date: a CSV <code>system,account,email,role,last_login</code>, the Okta
          users export (<code>GET /api/v1/users</code>) or the GitHub organization members export (
          <code>GET /orgs/&#123;org&#125;/members</code> with each member's{' '}
          <code>/orgs/&#123;org&#125;/memberships/&#123;user&#125;</code>). Every record is checked before
          anything is written; a later list closes the follow-ups it proves done.
        </>
      }
      fields={
        <>
          <TextInput
            label="System"
            description="The system the list is of, e.g. okta, github-org, aws-prod"
            required
            value={system}
            onChange={(e) => setSystem(e.currentTarget.value)}
          />
          <Select
            label="Format"
            allowDeselect={false}
            value={format}
            onChange={(v) => setFormat((v ?? DETECT) as AccountListFormat | typeof DETECT)}
            data={[
              { value: DETECT, label: 'Tell from the content' },
              ...ACCOUNT_LIST_FORMATS.map((f) => ({ value: f, label: ACCOUNT_LIST_FORMAT_LABELS[f] })),
            ]}
          />
          <TextInput
            label="As of"
            description="The date the list describes (YYYY-MM-DD; today when empty)"
            value={asOf}
            onChange={(e) => setAsOf(e.currentTarget.value)}
          />
        </>
      }
      ready={system.trim() !== ''}
      fileLabel="Account list file"
      accept=".csv,text/csv,.json,application/json"
      doneTitle="Account list imported"
      submitLabel="Import account list"
      upload={async (file) =>
        accountListSummary(
          file.name,
          await importAccountList(org, file, {
            system: system.trim(),
            asOf: asOf.trim() || null,
            format: format === DETECT ? null : format,
          }),
        )
      }
    />
  );
}

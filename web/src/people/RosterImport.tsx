import { FileImportModal } from '../components/FileImportModal';
import { importRoster, type RosterImportResult } from './queries';

/** The result of an import in words. */
export function importSummary(file: string, r: RosterImportResult): string {
  if (r.created + r.updated === 0) return `${file}: ${r.rows} rows, all already up to date: nothing changed.`;
  return `${file}: ${r.rows} rows, ${r.created} added, ${r.updated} changed, ${r.unchanged} unchanged.`;
}

/** Uploads an HR roster CSV (all or nothing) and says what happened, or exactly where it failed. */
export function RosterImport({
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
  return (
    <FileImportModal
      opened={opened}
      onClose={onClose}
      onImported={onImported}
      title="Import a roster CSV"
      intro={
        <>
          Columns: <code>email, name, team, manager_email, status, departed_on</code> (email and name
          required; status <code>active</code> or <code>departed</code>, which needs departed_on as
          YYYY-MM-DD). Every row is checked before anything is written: one bad row and nothing is imported.
          People missing from the file are kept.
        </>
      }
      fileLabel="Roster file"
      accept=".csv,text/csv"
      doneTitle="Roster imported"
      submitLabel="Import roster"
      upload={async (file) => importSummary(file.name, await importRoster(org, file))}
    />
  );
}

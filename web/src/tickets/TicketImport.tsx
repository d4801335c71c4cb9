import { TICKET_IMPORT_KIND_LIST } from '../../../src/core/tickets/import-kinds';
import { FileImportModal } from '../components/FileImportModal';
import { importTicketPage, ticketImportSummary } from './queries';

/** Uploads one page of a Jira or Linear export and says what changed, or exactly where it failed. */
export function TicketImport({
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
      title="Import tickets"
      intro={
        <>
          One page of{' '}
          {TICKET_IMPORT_KIND_LIST.map((k, i) => (
            <span key={k.name}>
              {i > 0 ? ' or ' : ''}
              {k.description}
            </span>
          ))}
          . The tracker is recognized from the page. An approval is a move into an approved state by someone
          other than the reporter; each ticket is recorded as system-generated evidence on the requirement its
          issue type proves. Every issue is checked before anything is written: one bad issue and nothing is
          imported. A directory of pages and per-project settings go through{' '}
          <code>auditready tickets import DIR --project-map …</code>.
        </>
      }
      fileLabel="Page file"
      placeholder="Pick a .json page"
      accept=".json,application/json"
      doneTitle="Tickets imported"
      submitLabel="Import tickets"
      upload={async (file) => ticketImportSummary(file.name, await importTicketPage(org, file))}
    />
  );
}

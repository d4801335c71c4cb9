import {
  Alert,
  Badge,
  Button,
  FileInput,
  Group,
  MultiSelect,
  Paper,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useMembership } from '../api/session';
import { SamplesPanel } from '../audit/SamplesPanel';
import { localDateTime, todayLocal } from '../components/days';
import { ErrorNote } from '../components/ErrorNote';
import { Loading } from '../components/Loading';
import { AnchorLink } from '../components/links';
import { TONE } from '../components/tones';
import { PackageExportButton } from '../package/PackageExportButton';
import {
  answerWith,
  answerWithUpload,
  commentOn,
  moveRequest,
  REQUEST_COLUMNS,
  type RequestDetail,
  useEvidenceOptions,
  useRequest,
  useRequestEngagement,
} from '../requests/queries';

const allowed = (grant: boolean | 'own' | 'engagement' | undefined) => grant !== undefined && grant !== false;

/** One request: its fields, its thread, and what the caller may do next (answer, submit, comment, accept, return). */
export function RequestPage() {
  const { org, requestId } = useParams({ from: '/o/$org/requests/$requestId' });
  const membership = useMembership(org);
  const { engagementId } = useRequestEngagement(org);
  const request = useRequest(org, engagementId, requestId);
  const can = membership?.can.request;
  const canAnswer = allowed(can?.answer);
  const options = useEvidenceOptions(org, engagementId, requestId, canAnswer);
  const queryClient = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  if (engagementId === null || request.isPending) return <Loading what="request" />;
  if (request.error) return <ErrorNote error={request.error} />;
  const r = request.data;
  const act = async (fn: (engagement: string) => Promise<RequestDetail>) => {
    setBusy(true);
    setError(null);
    try {
      queryClient.setQueryData([org, 'requests', engagementId, requestId], await fn(engagementId));
      void queryClient.invalidateQueries({ queryKey: [org] });
      return true;
    } catch (err) {
      setError(err);
      return false;
    } finally {
      setBusy(false);
    }
  };
  const status = REQUEST_COLUMNS.find((c) => c.status === r.status)?.label ?? r.status;
  const answerable = r.status === 'open' || r.status === 'in-progress' || r.status === 'returned';

  return (
    <Stack gap="sm">
      <AnchorLink to="/o/$org/requests" params={{ org }}>
        ← Requests
      </AnchorLink>
      <Group justify="space-between">
        <Title order={2}>Request {r.reference}</Title>
        <Group gap="xs">
          <PackageExportButton org={org} engagementId={engagementId} requestId={r.id} />
          <Badge size="lg" data-testid="request-status">
            {status}
          </Badge>
        </Group>
      </Group>
      <Text>{r.text}</Text>
      <Text size="sm" c="gray.7">
        Controls: {r.controls.map((c) => `${c.code} ${c.title}`).join('; ') || 'none yet (unmapped)'}
        {r.dueOn ? ` · due ${r.dueOn}` : ''}
        {r.assignee ? ` · assigned to ${r.assignee.name}` : ''}
        {r.populationNote ? ` · population / sample: ${r.populationNote}` : ''}
      </Text>
      {error ? <ErrorNote error={error} /> : null}

      <Title order={3}>Thread</Title>
      {r.thread.length === 0 ? (
        <Text c="gray.7">Nothing yet.</Text>
      ) : (
        <Stack gap="xs" data-testid="request-thread">
          {r.thread.map((t) => (
            <Paper key={t.id} withBorder p="xs">
              <Text size="xs" c="gray.7">
                {localDateTime(t.at)} · {t.author.label} ·{' '}
                {t.kind === 'transition' ? `${t.fromStatus} → ${t.toStatus}` : t.kind}
              </Text>
              {t.body && !(t.kind === 'transition' && t.body === t.toStatus) ? (
                <Text size="sm">{t.body}</Text>
              ) : null}
              {t.evidence.map((e) => (
                <Text size="sm" key={e.id}>
                  Evidence {e.fileName ?? e.kind} ({e.requirementCode}, {e.effectiveStart}
                  {e.effectiveEnd !== e.effectiveStart ? `..${e.effectiveEnd}` : ''})
                </Text>
              ))}
            </Paper>
          ))}
        </Stack>
      )}

      {canAnswer && answerable ? (
        <AnswerForms
          request={r}
          options={(options.data ?? []).map((e) => ({
            value: e.id,
            label: `${e.requirementCode} · ${e.fileName ?? e.kind} · ${e.effectiveStart}`,
          }))}
          busy={busy}
          onAnswer={(ids, message) => act((eng) => answerWith(org, eng, r.id, ids, message))}
          onUpload={(input) => act((eng) => answerWithUpload(org, eng, r.id, input))}
        />
      ) : null}
      {canAnswer && r.status === 'in-progress' ? (
        <Group>
          <Button loading={busy} onClick={() => act((eng) => moveRequest(org, eng, r.id, 'submit'))}>
            Submit to the auditor
          </Button>
        </Group>
      ) : null}
      {allowed(can?.review) && r.status === 'submitted' ? (
        <ReviewForm
          busy={busy}
          onAccept={() => act((eng) => moveRequest(org, eng, r.id, 'accept'))}
          onReturn={(reason) => act((eng) => moveRequest(org, eng, r.id, 'return', reason))}
        />
      ) : null}
      {allowed(can?.comment) ? (
        <CommentForm busy={busy} onComment={(message) => act((eng) => commentOn(org, eng, r.id, message))} />
      ) : null}
      <Title order={3}>Samples</Title>
      <SamplesPanel org={org} engagementId={engagementId} requestId={r.id} />
    </Stack>
  );
}

function CommentForm({ busy, onComment }: { busy: boolean; onComment: (m: string) => Promise<boolean> }) {
  const [message, setMessage] = useState('');
  return (
    <Paper withBorder p="sm">
      <Textarea
        label="Comment"
        value={message}
        onChange={(e) => setMessage(e.currentTarget.value)}
        autosize
      />
      <Button
        mt="xs"
        variant="light"
        loading={busy}
        disabled={!message.trim()}
        onClick={async () => {
          if (await onComment(message.trim())) setMessage('');
        }}
      >
        Comment
      </Button>
    </Paper>
  );
}

function AnswerForms(props: {
  request: RequestDetail;
  options: { value: string; label: string }[];
  busy: boolean;
  onAnswer: (ids: string[], message: string) => Promise<boolean>;
  onUpload: (input: {
    requirementCode: string;
    effective: string;
    message: string;
    file: File;
  }) => Promise<boolean>;
}) {
  const [ids, setIds] = useState<string[]>([]);
  const [message, setMessage] = useState('');
  const [requirement, setRequirement] = useState<string | null>(null);
  const [effective, setEffective] = useState(todayLocal());
  const [file, setFile] = useState<File | null>(null);
  if (props.request.controls.length === 0)
    return (
      <Alert color={TONE.warning}>
        The request is not mapped to a control yet: a compliance lead maps it before it is answered.
      </Alert>
    );
  return (
    <Paper withBorder p="sm">
      <Title order={4}>Answer</Title>
      <TextInput label="Note" value={message} onChange={(e) => setMessage(e.currentTarget.value)} />
      <Group align="end" mt="xs">
        <MultiSelect
          label="Existing evidence of the request's controls"
          placeholder={props.options.length === 0 ? 'none yet' : 'pick evidence'}
          data={props.options}
          value={ids}
          onChange={setIds}
          searchable
          style={{ flex: 1 }}
        />
        <Button
          loading={props.busy}
          disabled={ids.length === 0}
          onClick={async () => {
            if (await props.onAnswer(ids, message)) {
              setIds([]);
              setMessage('');
            }
          }}
        >
          Attach
        </Button>
      </Group>
      <Group align="end" mt="xs">
        <Select
          label="Or upload a new file for requirement"
          data={requirementOptions(props.request)}
          value={requirement}
          onChange={setRequirement}
          searchable
        />
        <TextInput
          label="Effective"
          description="2026-10-01 or 2026-10-01..2026-12-31"
          value={effective}
          onChange={(e) => setEffective(e.currentTarget.value)}
        />
        <FileInput label="File" value={file} onChange={setFile} clearable placeholder="choose a file" />
        <Button
          loading={props.busy}
          disabled={!file || !requirement}
          onClick={async () => {
            if (
              file &&
              requirement &&
              (await props.onUpload({ requirementCode: requirement, effective, message, file }))
            ) {
              setFile(null);
              setMessage('');
            }
          }}
        >
          Upload and attach
        </Button>
      </Group>
    </Paper>
  );
}

/** The requirements of the request's controls, grouped by control (the server checks the choice again). */
function requirementOptions(request: RequestDetail): { group: string; items: string[] }[] {
  return request.controls
    .filter((c) => c.requirementCodes.length > 0)
    .map((c) => ({ group: c.code, items: c.requirementCodes }));
}

function ReviewForm(props: {
  busy: boolean;
  onAccept: () => Promise<boolean>;
  onReturn: (reason: string) => Promise<boolean>;
}) {
  const [reason, setReason] = useState('');
  return (
    <Paper withBorder p="sm">
      <Title order={4}>Review</Title>
      <Group align="end">
        <Button color={TONE.ok} loading={props.busy} onClick={props.onAccept}>
          Accept
        </Button>
        <TextInput
          label="Reason to return it"
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          style={{ flex: 1 }}
        />
        <Button
          color={TONE.danger}
          variant="light"
          loading={props.busy}
          disabled={!reason.trim()}
          onClick={() => props.onReturn(reason.trim())}
        >
          Return
        </Button>
      </Group>
    </Paper>
  );
}

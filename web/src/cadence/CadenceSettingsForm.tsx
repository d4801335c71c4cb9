import {
  Alert,
  Button,
  Group,
  NumberInput,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ErrorNote } from '../components/ErrorNote';
import { TONE } from '../components/tones';
import { useAction } from '../components/useAction';
import { saveCadenceSettings, useCadenceSettings } from './queries';

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Admins: the weekly run's day, hour and time zone; the SMTP server and the webhook (write-only secrets). */
export function CadenceSettingsForm({ org }: { org: string }) {
  const settings = useCadenceSettings(org);
  const queryClient = useQueryClient();
  const [weekday, setWeekday] = useState('1');
  const [hour, setHour] = useState<number>(7);
  const [timeZone, setTimeZone] = useState('UTC');
  const [mailFrom, setMailFrom] = useState('');
  const [smtpUrl, setSmtpUrl] = useState('');
  const [webhookUrl, setWebhookUrl] = useState('');
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (!settings.data) return;
    setWeekday(String(settings.data.weekday));
    setHour(settings.data.hour);
    setTimeZone(settings.data.timeZone);
    setMailFrom(settings.data.mailFrom ?? '');
  }, [settings.data]);
  const save = useAction(async () => {
    await saveCadenceSettings(org, {
      weekday: Number(weekday),
      hour,
      timeZone,
      mailFrom: mailFrom || null,
      ...(smtpUrl ? { smtpUrl } : {}),
      ...(webhookUrl ? { webhookUrl } : {}),
    });
    setSmtpUrl('');
    setWebhookUrl('');
    setSaved(true);
    await queryClient.invalidateQueries({ queryKey: [org, 'cadence'] });
  });
  if (settings.error) return <ErrorNote error={settings.error} />;
  const s = settings.data;
  return (
    <Paper withBorder p="sm">
      <Stack gap="xs">
        <Title order={3}>Schedule and delivery</Title>
        <Group grow>
          <Select
            label="Day"
            data={WEEKDAYS.map((label, i) => ({ value: String(i), label }))}
            value={weekday}
            onChange={(v) => setWeekday(v ?? '1')}
            allowDeselect={false}
          />
          <NumberInput label="Hour" min={0} max={23} value={hour} onChange={(v) => setHour(Number(v) || 0)} />
          <TextInput
            label="Time zone"
            value={timeZone}
            onChange={(e) => setTimeZone(e.currentTarget.value)}
          />
        </Group>
        <TextInput
          label="Sender address"
          value={mailFrom}
          onChange={(e) => setMailFrom(e.currentTarget.value)}
        />
        <TextInput
          label="SMTP server URL"
          description={
            s?.smtpConfigured
              ? `set${s.smtpFromEnvironment ? ' by AUDITREADY_SMTP_URL' : ''}; type a new one to replace it`
              : 'smtp://user:password@host:587 (STARTTLS) or smtps://…'
          }
          type="password"
          autoComplete="off"
          value={smtpUrl}
          onChange={(e) => setSmtpUrl(e.currentTarget.value)}
        />
        <TextInput
          label="Webhook URL (Slack-compatible)"
          description={s?.webhookConfigured ? 'set; type a new one to replace it' : 'not set'}
          type="password"
          autoComplete="off"
          value={webhookUrl}
          onChange={(e) => setWebhookUrl(e.currentTarget.value)}
        />
        <Text size="xs" c="gray.7">
          The URLs are stored encrypted and never shown again.
        </Text>
        {save.error ? <ErrorNote error={save.error} /> : null}
        {saved ? (
          <Alert color={TONE.ok} withCloseButton closeButtonLabel="Dismiss" onClose={() => setSaved(false)}>
            Saved.
          </Alert>
        ) : null}
        <Group>
          <Button loading={save.busy} onClick={() => void save.run()}>
            Save
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

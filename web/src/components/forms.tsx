import {
  Button,
  type ButtonProps,
  Group,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import type { ReactNode } from 'react';
import { ErrorNote } from './ErrorNote';
import { CLOSE_BUTTON } from './tones';

/** A modal with a named close button whose body is mounted only while it is open (so it starts afresh). */
export function FormModal({
  opened,
  onClose,
  title,
  size,
  children,
}: {
  opened: boolean;
  onClose: () => void;
  title: ReactNode;
  size?: string;
  children: ReactNode;
}) {
  return (
    <Modal {...CLOSE_BUTTON} opened={opened} onClose={onClose} title={title} size={size}>
      {opened ? children : null}
    </Modal>
  );
}

/** A form whose submit (Enter or the submit button) runs `onSubmit`, its fields stacked. */
export function SubmitForm({ onSubmit, children }: { onSubmit: () => unknown; children: ReactNode }) {
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void onSubmit();
      }}
    >
      <Stack gap="sm">{children}</Stack>
    </form>
  );
}

/**
 * The end of a form: the error of the last attempt, then Cancel and the action's button. Without
 * `onConfirm` the button submits the surrounding {@link SubmitForm}.
 */
export function FormActions({
  error,
  errorTitle,
  onCancel,
  onConfirm,
  busy,
  disabled,
  color,
  children,
}: {
  error: unknown;
  errorTitle: string;
  onCancel: () => void;
  onConfirm?: () => unknown;
  busy: boolean;
  disabled: boolean;
  color?: ButtonProps['color'];
  children: ReactNode;
}) {
  return (
    <>
      {error ? <ErrorNote title={errorTitle} error={error} /> : null}
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel}>
          Cancel
        </Button>
        <Button
          {...(onConfirm ? { onClick: onConfirm } : { type: 'submit' as const })}
          color={color}
          loading={busy}
          disabled={disabled}
        >
          {children}
        </Button>
      </Group>
    </>
  );
}

/** A `YYYY-MM-DD` date input (the browser's own picker). */
export function DateField({
  label,
  value,
  onChange,
  required,
  min,
  max,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  required?: boolean;
  min?: string;
  max?: string;
}) {
  return (
    <TextInput
      label={label}
      type="date"
      required={required}
      min={min}
      max={max}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
    />
  );
}

/** Active people as choices, by e-mail, labelled `Name (e-mail)`. */
export function activePeopleChoices(people: readonly { email: string; name: string; status: string }[]) {
  return people
    .filter((p) => p.status === 'active')
    .map((p) => ({ value: p.email, label: `${p.name} (${p.email})` }));
}

/** A required, searchable pick of an active person (an approver …) by e-mail. */
export function PersonSelect({
  label,
  people,
  value,
  onChange,
}: {
  label: string;
  people: readonly { email: string; name: string; status: string }[];
  value: string | null;
  onChange: (email: string | null) => void;
}) {
  return (
    <Select
      label={label}
      required
      searchable
      data={activePeopleChoices(people)}
      value={value}
      onChange={onChange}
    />
  );
}

/** A segmented control under a visible label (it has none of its own), tied to it for screen readers. */
export function LabelledSegments<T extends string>({
  id,
  label,
  data,
  value,
  onChange,
}: {
  /** The label's element id. */
  id: string;
  label: string;
  data: { value: T; label: string }[];
  value: T;
  onChange: (value: T) => void;
}) {
  return (
    <div>
      <Text size="sm" fw={500} mb={4} id={id}>
        {label}
      </Text>
      <SegmentedControl aria-labelledby={id} data={data} value={value} onChange={(v) => onChange(v as T)} />
    </div>
  );
}

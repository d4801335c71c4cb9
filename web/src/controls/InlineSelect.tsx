import { ActionIcon, Group, Select } from '@mantine/core';
import { type ReactNode, useEffect, useRef, useState } from 'react';

interface Props {
  /** What is edited, for screen readers: "owner of OPS-10". */
  label: string;
  value: string | null;
  /** The value as the cell shows it when not editing. */
  children: ReactNode;
  data: { value: string; label: string }[];
  /** False hides the edit button (the signed-in role may not change it). */
  editable: boolean;
  searchable?: boolean;
  onChange: (value: string) => void;
}

function PencilIcon() {
  return (
    <svg
      width="14"
      height="14"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      aria-hidden
    >
      <path d="M4 20h4L19 9l-4-4L4 16v4z" />
      <path d="M14 6l4 4" />
    </svg>
  );
}

/**
 * A table cell that shows a value and, for those allowed to change it, a
 * pencil button that turns it into a select. Picking a value saves it;
 * Escape or leaving the field keeps the old one; focus returns to the button.
 */
export function InlineSelect({ label, value, children, data, editable, searchable, onChange }: Props) {
  const [editing, setEditing] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  useEffect(() => {
    if (!editing && returnFocus.current) {
      returnFocus.current = false;
      button.current?.focus();
    }
  }, [editing]);
  const close = (refocus: boolean) => {
    returnFocus.current = refocus;
    setEditing(false);
  };
  if (editing)
    return (
      <Select
        size="xs"
        aria-label={`Change the ${label}`}
        data={data}
        value={value}
        searchable={searchable}
        allowDeselect={false}
        autoFocus
        defaultDropdownOpened
        onChange={(next) => {
          close(true);
          if (next && next !== value) onChange(next);
        }}
        onBlur={() => close(false)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') close(true);
        }}
      />
    );
  return (
    <Group gap={4} wrap="nowrap" style={{ overflow: 'hidden' }}>
      <span style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{children}</span>
      {editable ? (
        <ActionIcon
          ref={button}
          variant="subtle"
          color="gray.7"
          size="sm"
          aria-label={`Change the ${label}`}
          onClick={() => setEditing(true)}
        >
          <PencilIcon />
        </ActionIcon>
      ) : null}
    </Group>
  );
}

import { Group, Pagination, Text } from '@mantine/core';

/** The rows of page `page` (1-based) of `size` rows each. */
export function pageOf<T>(items: T[], page: number, size: number): T[] {
  return items.slice((page - 1) * size, page * size);
}

/** Page numbers under a list, with what is shown in words; nothing when everything fits on one page. */
export function Pager({
  total,
  page,
  size,
  onChange,
  label,
}: {
  total: number;
  page: number;
  size: number;
  onChange: (page: number) => void;
  label: string;
}) {
  const pages = Math.max(1, Math.ceil(total / size));
  if (pages <= 1) return null;
  const first = (page - 1) * size + 1;
  const last = Math.min(total, page * size);
  return (
    <Group justify="space-between">
      <Text size="sm" c="gray.7">
        {first}–{last} of {total} {label}
      </Text>
      <Pagination
        total={pages}
        value={page}
        onChange={onChange}
        size="sm"
        getControlProps={(control) => ({ 'aria-label': `${control} page` })}
        getItemProps={(n) => ({ 'aria-label': `Page ${n}` })}
      />
    </Group>
  );
}

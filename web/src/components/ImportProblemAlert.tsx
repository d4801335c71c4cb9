import { Alert, List, Text } from '@mantine/core';
import type { ImportProblem } from '../people/roster';
import { ErrorNote } from './ErrorNote';
import { TONE } from './tones';

/**
 * Why an all-or-nothing import wrote nothing: file, line, column and reason
 * when the server named them, else the server's words.
 */
export function ImportProblemAlert({ problem, error }: { problem: ImportProblem | null; error: unknown }) {
  if (problem) {
    return (
      <Alert color={TONE.danger} title="Nothing was imported" role="alert" data-testid="import-problem">
        <List size="sm" spacing={2}>
          <List.Item>File: {problem.file}</List.Item>
          {problem.line !== null ? <List.Item>Line: {problem.line}</List.Item> : null}
          {problem.column !== null ? <List.Item>Column: {problem.column}</List.Item> : null}
          <List.Item>Reason: {problem.reason}</List.Item>
        </List>
        <Text size="sm" mt={6}>
          Fix {problem.line !== null ? `line ${problem.line} of ` : ''}
          {problem.file} and import it again.
        </Text>
      </Alert>
    );
  }
  return error ? <ErrorNote title="Nothing was imported" error={error} /> : null;
}

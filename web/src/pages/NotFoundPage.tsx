import { Container, Paper, Stack, Text, Title } from '@mantine/core';
import { useParams, useRouterState } from '@tanstack/react-router';
import { AnchorLink } from '../components/links';

/**
 * A path the app does not know: inside an organization it shows in the app's frame (navigation kept) with
 * a way back to the dashboard; outside one, on its own with a link home.
 */
export function NotFoundPage() {
  const { org } = useParams({ strict: false }) as { org?: string };
  const path = useRouterState({ select: (s) => s.location.pathname });
  const body = (
    <Paper withBorder p="lg" data-testid="not-found">
      <Stack gap="xs">
        <Title order={2}>Page not found</Title>
        <Text size="sm">
          There is no page at <code>{path}</code>. The link may be old, or mistyped.
        </Text>
        <Text size="sm">
          {org ? (
            <AnchorLink to="/o/$org" params={{ org }}>
              Back to the dashboard
            </AnchorLink>
          ) : (
            <AnchorLink to="/">Go to the start page</AnchorLink>
          )}
          {' · '}
          <a href="/api/v1/docs">API reference</a>
        </Text>
      </Stack>
    </Paper>
  );
  return org ? (
    body
  ) : (
    <Container size="sm" py="xl" component="main">
      {body}
    </Container>
  );
}

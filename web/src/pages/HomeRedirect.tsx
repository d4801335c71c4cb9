import { Container } from '@mantine/core';
import { Navigate } from '@tanstack/react-router';
import { useSession } from '../api/session';
import { ErrorNote } from '../components/ErrorNote';
import { Loading } from '../components/Loading';
import { MyInvitations } from '../components/MyInvitations';

/** `/`: the first organization's dashboard when signed in, the sign-in page otherwise. */
export function HomeRedirect() {
  const session = useSession();
  if (session.isPending) return <Loading what="your session" />;
  if (session.error) return <ErrorNote error={session.error} />;
  const first = session.data.memberships[0];
  if (!session.data.user) return <Navigate to="/sign-in" />;
  if (!first)
    return (
      <Container size="sm" py="xl" component="main">
        <MyInvitations />
        <ErrorNote
          title="No organization"
          error={new Error('You are not a member of any organization yet: ask an admin to invite you.')}
        />
      </Container>
    );
  return <Navigate to="/o/$org" params={{ org: first.slug }} />;
}

import '@mantine/core/styles.css';
import '@mantine/dates/styles.css';
import './app.css';
import { Badge, createTheme, MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError } from './api/client';
import { RetryNotice } from './components/RetryNotice';
import { router } from './router';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      // A 503 has been retried by the API client already (with its backoff and notice).
      retry: (count, error) =>
        !(error instanceof ApiError && (error.status < 500 || error.status === 503)) && count < 2,
    },
  },
});

// Who asks the system for reduced motion gets modals, menus and popovers without their transitions.
// A badge never truncates its words (Mantine's default ellipsis hid "Orphaned" and rule names in
// narrow columns): it keeps its width and the text around it gives way.
const theme = createTheme({
  primaryColor: 'indigo',
  primaryShade: 8,
  defaultRadius: 'sm',
  respectReducedMotion: true,
  components: {
    Badge: Badge.extend({
      styles: {
        root: { flexShrink: 0, maxWidth: 'none', overflow: 'visible' },
        label: { overflow: 'visible', textOverflow: 'clip' },
      },
    }),
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme}>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} context={{ queryClient }} />
        <RetryNotice />
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { Root } from './Root';
import './styles.css';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      // Not-found and bad-request answers will not change on retry; network hiccups may.
      retry: (count, err) => count < 2 && !/NOT_FOUND|BAD_REQUEST|UNAUTHORIZED|FORBIDDEN/.test(String((err as { data?: { code?: string } }).data?.code)),
      refetchOnWindowFocus: false,
    },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <Root />
    </QueryClientProvider>
  </StrictMode>,
);

import { Page } from '@strapi/strapi/admin';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { Route, Routes } from 'react-router-dom';
import { AutomationsPage } from './Automations';
import { HomePage } from './HomePage';
import { InboxPage } from './Inbox/InboxPage';
import { StatsPage } from './Stats/StatsPage';
import { TemplatesPage } from './Templates';

/** One QueryClient for every page of the plugin (STYLE.md: not one per page). */
const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } },
});

const App = () => (
  <QueryClientProvider client={queryClient}>
    <Routes>
      <Route index element={<HomePage />} />
      <Route path="inbox" element={<InboxPage />} />
      <Route path="stats" element={<StatsPage />} />
      <Route path="templates" element={<TemplatesPage />} />
      <Route path="automations/*" element={<AutomationsPage />} />
      <Route path="*" element={<Page.Error />} />
    </Routes>
  </QueryClientProvider>
);

export default App;

import { Page } from '@strapi/strapi/admin';
import { QueryClientProvider } from '@tanstack/react-query';
import { pluginQueryClient as queryClient } from '../api/query-client';
import { Route, Routes } from 'react-router-dom';
import { AutomationsPage } from './Automations';
import { HomePage } from './HomePage';
import { NumbersPage } from './Numbers';
import { InboxPage } from './Inbox/InboxPage';
import { StatsPage } from './Stats/StatsPage';
import { TemplatesPage } from './Templates';

const App = () => (
  <QueryClientProvider client={queryClient}>
    <Routes>
      <Route index element={<HomePage />} />
      <Route path="inbox" element={<InboxPage />} />
      <Route path="stats" element={<StatsPage />} />
      <Route path="templates/*" element={<TemplatesPage />} />
      <Route path="automations/*" element={<AutomationsPage />} />
      <Route path="numbers" element={<NumbersPage />} />
      <Route path="*" element={<Page.Error />} />
    </Routes>
  </QueryClientProvider>
);

export default App;

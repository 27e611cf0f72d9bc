import { Page } from '@strapi/strapi/admin';
import { Route, Routes } from 'react-router-dom';
import { PERMISSIONS } from '../../constants';
import { AutomationEditPage } from './AutomationEditPage';
import { AutomationsListPage } from './AutomationsListPage';

/** /plugins/whatsapp/automations: the rules list and the rule editor (RBAC: automations-manage). */
const AutomationsPage = () => (
  <Page.Protect permissions={PERMISSIONS.automationsManage}>
    <Routes>
      <Route index element={<AutomationsListPage />} />
      <Route path="new" element={<AutomationEditPage />} />
      <Route path=":documentId" element={<AutomationEditPage />} />
    </Routes>
  </Page.Protect>
);

export { AutomationsPage };

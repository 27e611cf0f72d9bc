/**
 * `renderAdmin(<Component />)`: renders a piece of the plugin's admin panel the way Strapi's admin
 * app would host it, with
 * - the design-system theme (`DesignSystemProvider`, light theme);
 * - react-intl with the plugin's English catalogue: every `translations/en/*.json`, keys prefixed
 *   with the plugin id exactly as `translations/load.ts` does (that file uses Vite's
 *   `import.meta.glob`, which jest cannot run, so the files are read here);
 * - a fresh `QueryClient` per render, retries off (a failed request fails at once);
 * - Strapi's real `NotificationsProvider`, so toasts are rendered and found by their text;
 * - a `MemoryRouter` (optionally with a route `path`, for pages that read `useParams`).
 *
 * Nothing from `@strapi/strapi/admin` is mocked: the module loads in jsdom (see jest.config.js for
 * the ES-module packages it needs compiled), and `useFetchClient`, `useAPIErrorHandler`,
 * `useNotification`, `Layouts`, `Page`, `ConfirmDialog` and `Form` run for real. The HTTP
 * boundary is global `fetch`, stubbed by ./server.ts.
 *
 * Not provided: Strapi's auth/RBAC store (`useRBAC`, `Page.Protect`: a Redux + RTK Query store that
 * only the full admin app bootstraps, and whose provider is not exported) and the StrapiApp context
 * (`useStrapiApp`, the media-library dialog). Most components tested here take permissions as props
 * (`canSend`, `canAssign`); the one page test that needs them (numbers/NumbersPage.test.tsx)
 * replaces just `useRBAC` and `Page.Protect` with the permissions the test decides.
 */
import { DesignSystemProvider, lightTheme } from '@strapi/design-system';
import { NotificationsProvider } from '@strapi/strapi/admin';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, type RenderResult } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import type { ReactElement, ReactNode } from 'react';
import { IntlProvider } from 'react-intl';
import { MemoryRouter, Route, Routes, useLocation, type Location } from 'react-router-dom';
import { getTranslation } from '../../src/utils/getTranslation';

const TRANSLATIONS = join(__dirname, '..', '..', 'src', 'translations');

/** The plugin's messages for a locale, keyed `whatsapp.<key>` like the admin app registers them. */
export function pluginMessages(locale = 'en'): Record<string, string> {
  const dir = join(TRANSLATIONS, locale);
  const messages: Record<string, string> = {};
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.json')).sort()) {
    const content = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, string>;
    for (const [key, value] of Object.entries(content)) messages[getTranslation(key)] = value;
  }
  return messages;
}

const MESSAGES = pluginMessages('en');

function onIntlError(error: { code?: string; message: string }) {
  // Strapi's own components (ConfirmDialog, notifications) use ids of the admin's catalogue, which
  // is not loaded: their English defaults are shown, as in an admin without those keys.
  if (error.code === 'MISSING_TRANSLATION') return;
  // A broken ICU message in the plugin's catalogue is a real bug: make it loud.
  console.error(error.message);
}

export interface RenderAdminOptions {
  /** Initial URL of the memory router (default `/`). */
  route?: string;
  /** Route pattern the UI is mounted at (e.g. `/automations/:documentId`), for `useParams`. */
  path?: string;
  /** Extra routes beside it, e.g. where a page navigates after a save. */
  routes?: { path: string; element: ReactElement }[];
}

export interface RenderAdminResult extends RenderResult {
  user: ReturnType<typeof userEvent.setup>;
  queryClient: QueryClient;
  /** The router's current location (follows navigations). */
  location: () => Location;
}

export function createTestQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false, gcTime: Infinity },
      mutations: { retry: false },
    },
  });
}

function LocationProbe({ into }: { into: { current: Location | null } }) {
  into.current = useLocation();
  return null;
}

export function AdminProviders({
  children,
  queryClient,
  route = '/',
  probe,
}: {
  children: ReactNode;
  queryClient: QueryClient;
  route?: string;
  probe?: { current: Location | null };
}) {
  return (
    <IntlProvider locale="en" defaultLocale="en" messages={MESSAGES} onError={onIntlError}>
      <DesignSystemProvider locale="en" theme={lightTheme}>
        <QueryClientProvider client={queryClient}>
          <NotificationsProvider>
            <MemoryRouter initialEntries={[route]}>
              {probe ? <LocationProbe into={probe} /> : null}
              {children}
            </MemoryRouter>
          </NotificationsProvider>
        </QueryClientProvider>
      </DesignSystemProvider>
    </IntlProvider>
  );
}

export function renderAdmin(ui: ReactElement, { route, path, routes = [] }: RenderAdminOptions = {}): RenderAdminResult {
  const queryClient = createTestQueryClient();
  const probe: { current: Location | null } = { current: null };
  const content =
    path || routes.length ? (
      <Routes>
        <Route path={path ?? '/'} element={ui} />
        {routes.map((r) => (
          <Route key={r.path} path={r.path} element={r.element} />
        ))}
      </Routes>
    ) : (
      ui
    );
  // userEvent without delays between keystrokes: nothing here depends on timing.
  const user = userEvent.setup({ delay: null });
  const result = render(
    <AdminProviders queryClient={queryClient} route={route ?? '/'} probe={probe}>
      {content}
    </AdminProviders>
  );
  return { ...result, user, queryClient, location: () => probe.current! };
}

import type { ReactElement, ReactNode } from 'react';
import { DesignSystemProvider } from '@strapi/design-system';
import { render, type RenderOptions } from '@testing-library/react';
import { IntlProvider } from 'react-intl';
import { QueryClient, QueryClientProvider, setLogger } from 'react-query';
import { MemoryRouter, useLocation } from 'react-router-dom';

import en from '../src/translations/en.json';
import { prefixPluginTranslations } from '../src/utils/prefixPluginTranslations';

const messages = prefixPluginTranslations(en, 'matterport');

/** The URL the page is at, for tests that check what it keeps there (`?page=2&…`). */
export const location = { search: '' };
const LocationProbe = () => {
  location.search = useLocation().search;
  return null;
};

// react-query logs every failed request; the tests provoke failures on purpose and assert them.
setLogger({ log: () => undefined, warn: () => undefined, error: () => undefined });

/** A client like the admin's (Providers.tsx in @strapi/admin), fresh for each render. */
export const testQueryClient = () =>
  new QueryClient({ defaultOptions: { queries: { refetchOnWindowFocus: false, retry: false } } });

interface Options extends Omit<RenderOptions, 'wrapper'> {
  /** The admin URL the page opens at (the list pages read their state from its query string). */
  url?: string;
  queryClient?: QueryClient;
}

/** Renders inside the providers the admin gives every plugin component. */
export const renderWithProviders = (
  ui: ReactElement,
  { url = '/', queryClient = testQueryClient(), ...options }: Options = {}
) => {
  const Providers = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={queryClient}>
      <MemoryRouter
        initialEntries={[url]}
        future={{ v7_startTransition: true, v7_relativeSplatPath: true }}
      >
        <IntlProvider locale="en" messages={messages} defaultLocale="en">
          <DesignSystemProvider locale="en">
            {children}
            <LocationProbe />
          </DesignSystemProvider>
        </IntlProvider>
      </MemoryRouter>
    </QueryClientProvider>
  );
  return render(ui, { wrapper: Providers, ...options });
};

import type { ReactElement, ReactNode } from 'react';
import { DesignSystemProvider } from '@strapi/design-system';
import { render, type RenderOptions } from '@testing-library/react';
import { IntlProvider } from 'react-intl';
import { MemoryRouter } from 'react-router-dom';

import en from '../src/translations/en.json';
import { prefixPluginTranslations } from '../src/utils/prefixPluginTranslations';

const messages = prefixPluginTranslations(en, 'matterport');

const Providers = ({ children }: { children: ReactNode }) => (
  <MemoryRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
    <IntlProvider locale="en" messages={messages} defaultLocale="en">
      <DesignSystemProvider locale="en">{children}</DesignSystemProvider>
    </IntlProvider>
  </MemoryRouter>
);

/** Renders inside the providers the admin gives every plugin component. */
export const renderWithProviders = (ui: ReactElement, options?: Omit<RenderOptions, 'wrapper'>) =>
  render(ui, { wrapper: Providers, ...options });

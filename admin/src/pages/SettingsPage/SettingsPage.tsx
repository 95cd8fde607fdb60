import { useState } from 'react';
import { Page } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';

import type { SettingsView } from '../../../../common/contracts/settings';
import { useSettingsQuery } from '../../api/queries';
import { PERMISSIONS } from '../../permissions';
import { getTranslation } from '../../utils/getTranslation';
import { ConnectionsSection } from './connections/ConnectionsSection';
import { SettingsForm } from './SettingsForm';

/** Settings → Matterport: loads the settings, then hands them to the form. */
export const SettingsPage = () => {
  const { formatMessage } = useIntl();
  const loaded = useSettingsQuery();
  // What the form saved last; the loaded settings until then.
  const [saved, setSaved] = useState<SettingsView | null>(null);
  const settings = saved ?? loaded.data;
  const problem = loaded.problem?.message ?? null;

  const title = formatMessage({
    id: getTranslation('settings.pageTitle'),
    defaultMessage: 'Settings - Matterport',
  });

  if (problem) {
    return (
      <Page.Main>
        <Page.Title>{title}</Page.Title>
        <Page.Error content={problem} />
      </Page.Main>
    );
  }
  if (!settings) return <Page.Loading />;

  return (
    <Page.Main>
      <Page.Title>{title}</Page.Title>
      {/* Not re-keyed on save: the form still has work to do after it (the revoke offer). */}
      <SettingsForm settings={settings} onSaved={setSaved} />
      <ConnectionsSection />
    </Page.Main>
  );
};

export const ProtectedSettingsPage = () => (
  <Page.Protect permissions={PERMISSIONS.settingsRead}>
    <SettingsPage />
  </Page.Protect>
);

export default ProtectedSettingsPage;

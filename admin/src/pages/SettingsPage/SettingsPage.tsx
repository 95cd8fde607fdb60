import { useCallback, useEffect, useState } from 'react';
import { Page } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';

import { toApiProblem } from '../../api/errors';
import type { SettingsView } from '../../api/types';
import { useMatterportApi } from '../../api/useMatterportApi';
import { PERMISSIONS } from '../../permissions';
import { getTranslation } from '../../utils/getTranslation';
import { SettingsForm } from './SettingsForm';

/** Settings → Matterport: loads the settings, then hands them to the form. */
export const SettingsPage = () => {
  const { formatMessage } = useIntl();
  const api = useMatterportApi();
  const [settings, setSettings] = useState<SettingsView | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const load = useCallback(() => {
    setProblem(null);
    api
      .getSettings()
      .then(setSettings)
      .catch((error: unknown) => setProblem(toApiProblem(error).message));
  }, [api]);

  useEffect(load, [load]);

  const title = formatMessage({ id: getTranslation('settings.pageTitle'), defaultMessage: 'Settings - Matterport' });

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
      <SettingsForm settings={settings} onSaved={setSettings} />
    </Page.Main>
  );
};

export const ProtectedSettingsPage = () => (
  <Page.Protect permissions={PERMISSIONS.settingsRead}>
    <SettingsPage />
  </Page.Protect>
);

export default ProtectedSettingsPage;

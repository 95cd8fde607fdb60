import { useState } from 'react';
import { Alert, Button, Flex } from '@strapi/design-system';
import { Check } from '@strapi/icons';
import { Layouts, useNotification, useRBAC } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';

import { toApiProblem } from '../../api/errors';
import type { RevokeResponse } from '../../../../common/contracts/links';
import type { SettingsUpdate, SettingsView } from '../../../../common/contracts/settings';
import { useRevokeMutation, useSaveSettingsMutation } from '../../api/mutations';
import { useMatterportApi } from '../../api/useMatterportApi';
import { RevokeOutcomeNotice } from '../../components/RevokeOutcomeNotice';
import { PERMISSIONS } from '../../permissions';
import { getTranslation } from '../../utils/getTranslation';
import { CredentialsFields, type FieldName, type FieldValues } from './CredentialsFields';
import { HealthPanel } from './HealthPanel';
import { RevokeStaleLinksDialog } from './RevokeStaleLinksDialog';
import { RotateClientIdDialog } from './RotateClientIdDialog';

// Checked together: useRBAC names results by the action's last segment, so this gives
// canUpdate (settings.update), canRead (links.read) and canRevoke (links.revoke).
const FORM_PERMISSIONS = [
  ...PERMISSIONS.settingsUpdate,
  ...PERMISSIONS.linksRead,
  ...PERMISSIONS.linksRevoke,
];

interface SettingsFormProps {
  settings: SettingsView;
  onSaved: (settings: SettingsView) => void;
}

const FIELDS: FieldName[] = ['clientId', 'clientSecret', 'defaultValidFor'];

/**
 * The credentials form. Only what changed is sent, so an untouched secret field keeps
 * the saved secret. The server checks new credentials with Matterport before it saves
 * them; its refusal comes back on the field it concerns.
 */
export const SettingsForm = ({ settings, onSaved }: SettingsFormProps) => {
  const { formatMessage } = useIntl();
  const { toggleNotification } = useNotification();
  const api = useMatterportApi();
  const saveSettings = useSaveSettingsMutation();
  const revokeLinks = useRevokeMutation();
  const saving = saveSettings.isLoading;
  const { allowedActions } = useRBAC(FORM_PERMISSIONS);

  const [values, setValues] = useState<FieldValues>({
    clientId: settings.clientId ?? '',
    clientSecret: '',
    defaultValidFor: settings.defaultValidFor ?? '',
  });
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [staleLinks, setStaleLinks] = useState<{ count: number | null } | null>(null);
  // A new client ID waiting for the admin's answer to "revoke the old links first?".
  const [rotation, setRotation] = useState<SettingsUpdate | null>(null);
  const [rotationOutcome, setRotationOutcome] = useState<RevokeResponse | null>(null);

  const pinned = settings.managedBy === 'config';
  const canEdit = Boolean(allowedActions.canUpdate);
  const credentialsLocked = pinned || !canEdit;

  const changes: SettingsUpdate = {};
  if (!pinned && values.clientId.trim() !== (settings.clientId ?? ''))
    changes.clientId = values.clientId.trim();
  if (!pinned && values.clientSecret !== '') changes.clientSecret = values.clientSecret;
  if (values.defaultValidFor.trim() !== (settings.defaultValidFor ?? ''))
    changes.defaultValidFor = values.defaultValidFor.trim();
  const dirty = Object.keys(changes).length > 0;

  const onFieldChange = (field: FieldName) => (event: React.ChangeEvent<HTMLInputElement>) => {
    const { value } = event.target;
    setValues((previous) => ({ ...previous, [field]: value }));
    setErrors((previous) => ({ ...previous, [field]: undefined }));
  };

  /**
   * Whether to offer revoking the links of the previous credentials, and how many links
   * are older than the change (null when the user may revoke but not list links).
   */
  const countStaleLinks = async (changedAt: string): Promise<number | null> => {
    if (!allowedActions.canRevoke) return 0;
    if (!allowedActions.canRead) return null;
    try {
      // One row is enough: the answer's total is the count.
      const { data, meta } = await api.listLinks({ status: 'active', to: changedAt, pageSize: 1 });
      const { total, pageCount } = meta.pagination;
      // A server from before the paged API ignores the filters and lists every link.
      if (pageCount <= 1 && data.length === total) {
        return data.filter(
          (link) =>
            link.status === 'active' &&
            new Date(link.createdAt).getTime() < new Date(changedAt).getTime()
        ).length;
      }
      return total;
    } catch {
      // The offer is a convenience; the links page remains the place to revoke.
      return 0;
    }
  };

  const persist = (update: SettingsUpdate, { offerStale }: { offerStale: boolean }) => {
    const startedAt = new Date().toISOString();
    return saveSettings
      .mutateAsync(update, {
        onSuccess: async (saved) => {
          setValues({
            clientId: saved.clientId ?? '',
            clientSecret: '',
            defaultValidFor: saved.defaultValidFor ?? '',
          });
          setErrors({});
          onSaved(saved);
          toggleNotification({
            type: 'success',
            message: formatMessage({
              id: getTranslation('settings.saved'),
              defaultMessage: 'Matterport settings saved.',
            }),
          });
          if (offerStale && (update.clientId !== undefined || update.clientSecret !== undefined)) {
            const stale = await countStaleLinks(saved.secretUpdatedAt ?? startedAt);
            if (stale !== 0) setStaleLinks({ count: stale });
          }
        },
        onError: (error) => {
          const problem = toApiProblem(error);
          const field = FIELDS.find((name) => name === problem.field);
          if (field) setErrors({ [field]: problem.message });
          toggleNotification({
            type: 'danger',
            message: formatMessage(
              {
                id: getTranslation('settings.saveFailed'),
                defaultMessage: 'The settings were not saved: {message}',
              },
              { message: problem.message }
            ),
          });
        },
      })
      .then(
        () => undefined,
        () => undefined
      );
  };

  /**
   * Revokes the links of the credentials saved now (still the old ones), then saves the
   * new ones. If the revocation request fails, nothing is saved: the admin can retry or
   * save without revoking.
   */
  const revokeThenSave = (update: SettingsUpdate) =>
    revokeLinks
      .mutateAsync(
        { kind: 'current' },
        {
          onSuccess: async (result) => {
            if (result.kind === 'filter') setRotationOutcome(result.outcome);
            setRotation(null);
            // The old links were dealt with (the outcome says which failed): no second offer after saving.
            await persist(update, { offerStale: false });
          },
          onError: (error) =>
            toggleNotification({
              type: 'danger',
              message: formatMessage(
                {
                  id: getTranslation('settings.rotate.failed'),
                  defaultMessage:
                    'The old links were not revoked, and nothing was saved: {message}',
                },
                { message: toApiProblem(error).message }
              ),
            }),
        }
      )
      .then(
        () => undefined,
        () => undefined
      );

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!dirty || saving) return;
    // Another client ID replaces the credentials that minted the current links: offer to
    // revoke them while they still can be, before the new ones are saved.
    if (changes.clientId !== undefined && settings.clientId && allowedActions.canRevoke) {
      setRotation(changes);
      return;
    }
    await persist(changes, { offerStale: true });
  };

  return (
    <form onSubmit={save} noValidate>
      <Layouts.Header
        title={formatMessage({
          id: getTranslation('settings.title'),
          defaultMessage: 'Matterport',
        })}
        subtitle={formatMessage({
          id: getTranslation('settings.subtitle'),
          defaultMessage:
            'Connect Strapi to your Matterport account to pick spaces and deliver private embed links.',
        })}
        primaryAction={
          canEdit ? (
            <Button
              type="submit"
              startIcon={<Check />}
              disabled={!dirty}
              loading={saving}
              data-testid="matterport-settings-save"
            >
              {formatMessage({ id: getTranslation('settings.save'), defaultMessage: 'Save' })}
            </Button>
          ) : null
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4}>
          {!settings.encryptionAvailable ? (
            <Alert
              variant="warning"
              closeLabel={formatMessage({
                id: getTranslation('settings.alert.close'),
                defaultMessage: 'Close',
              })}
              title={formatMessage({
                id: getTranslation('settings.encryption.title'),
                defaultMessage: 'No encryption key',
              })}
              data-testid="matterport-encryption-warning"
            >
              {formatMessage({
                id: getTranslation('settings.encryption.body'),
                defaultMessage:
                  'A client secret cannot be stored safely without one. Set "encryptionKey" in the matterport plugin config, or admin.secrets.encryptionKey (ENCRYPTION_KEY) in config/admin, then restart Strapi.',
              })}
            </Alert>
          ) : null}
          <HealthPanel />
          {rotationOutcome ? <RevokeOutcomeNotice outcome={rotationOutcome} /> : null}
          {pinned ? (
            <Alert
              variant="default"
              closeLabel={formatMessage({
                id: getTranslation('settings.alert.close'),
                defaultMessage: 'Close',
              })}
              title={formatMessage({
                id: getTranslation('settings.managed.title'),
                defaultMessage: 'Managed by configuration',
              })}
              data-testid="matterport-managed-notice"
            >
              {formatMessage({
                id: getTranslation('settings.managed.body'),
                defaultMessage:
                  'The client ID and secret come from config/plugins and can only be changed there. The default link lifetime can still be changed here.',
              })}
            </Alert>
          ) : null}

          <CredentialsFields
            settings={settings}
            values={values}
            errors={errors}
            onFieldChange={onFieldChange}
            credentialsLocked={credentialsLocked}
            canEdit={canEdit}
          />
        </Flex>
      </Layouts.Content>
      {staleLinks ? (
        <RevokeStaleLinksDialog count={staleLinks.count} onClose={() => setStaleLinks(null)} />
      ) : null}
      {rotation ? (
        <RotateClientIdDialog
          previousClientId={settings.clientId ?? ''}
          nextClientId={rotation.clientId ?? ''}
          onCancel={() => setRotation(null)}
          onRevokeThenSave={() => revokeThenSave(rotation)}
          onSaveOnly={async () => {
            setRotation(null);
            // The admin chose to keep the old links: not asked again after saving.
            await persist(rotation, { offerStale: false });
          }}
        />
      ) : null}
    </form>
  );
};

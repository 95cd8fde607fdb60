import { Box, Field, Flex, Grid, TextInput, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';

import type { SettingsView } from '../../../../common/contracts/settings';
import { getTranslation } from '../../utils/getTranslation';
import { ConnectionTest } from './ConnectionTest';
import { useSecretPlaceholder } from './useSecretPlaceholder';

export type FieldName = 'clientId' | 'clientSecret' | 'defaultValidFor';
export type FieldValues = Record<FieldName, string>;

interface CredentialsFieldsProps {
  settings: SettingsView;
  values: FieldValues;
  errors: Partial<Record<FieldName, string>>;
  onFieldChange: (field: FieldName) => (event: React.ChangeEvent<HTMLInputElement>) => void;
  /** Pinned by configuration, or the admin may not edit settings. */
  credentialsLocked: boolean;
  canEdit: boolean;
}

/** The settings form's fields (client ID, secret, default link lifetime) and Test connection. */
export const CredentialsFields = ({
  settings,
  values,
  errors,
  onFieldChange,
  credentialsLocked,
  canEdit,
}: CredentialsFieldsProps) => {
  const { formatMessage } = useIntl();
  const secretPlaceholder = useSecretPlaceholder(settings);
  const pinned = settings.managedBy === 'config';
  return (
    <Box background="neutral0" padding={6} shadow="filterShadow" hasRadius>
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Typography variant="delta" tag="h2">
          {formatMessage({
            id: getTranslation('settings.credentials.title'),
            defaultMessage: 'API credentials',
          })}
        </Typography>
        <Typography variant="pi" textColor="neutral600">
          {formatMessage({
            id: getTranslation('settings.credentials.help'),
            defaultMessage:
              'Create an API client (client ID and secret) in your Matterport account’s developer settings. The secret is stored encrypted and never shown again.',
          })}
        </Typography>
        <Grid.Root gap={5}>
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <Field.Root name="clientId" error={errors.clientId} required={!pinned}>
              <Field.Label>
                {formatMessage({
                  id: getTranslation('settings.clientId.label'),
                  defaultMessage: 'Client ID',
                })}
              </Field.Label>
              <TextInput
                value={values.clientId}
                onChange={onFieldChange('clientId')}
                disabled={credentialsLocked}
                autoComplete="off"
                spellCheck={false}
                data-testid="matterport-settings-client-id"
              />
              <Field.Error />
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <Field.Root
              name="clientSecret"
              error={errors.clientSecret}
              hint={
                settings.hasSecret && !pinned
                  ? formatMessage({
                      id: getTranslation('settings.secret.hint'),
                      defaultMessage: 'Leave empty to keep the saved secret.',
                    })
                  : undefined
              }
            >
              <Field.Label>
                {formatMessage({
                  id: getTranslation('settings.secret.label'),
                  defaultMessage: 'Client secret',
                })}
              </Field.Label>
              <TextInput
                type="password"
                value={values.clientSecret}
                onChange={onFieldChange('clientSecret')}
                placeholder={secretPlaceholder}
                disabled={credentialsLocked}
                // Keeps browsers from filling in the admin's own password here.
                autoComplete="new-password"
                spellCheck={false}
                data-testid="matterport-settings-client-secret"
              />
              <Field.Hint />
              <Field.Error />
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <Field.Root
              name="defaultValidFor"
              error={errors.defaultValidFor}
              hint={formatMessage({
                id: getTranslation('settings.validFor.hint'),
                defaultMessage:
                  'How long a delivered embed link works when the field does not say: 30s to 24h, e.g. 30m, 1h or PT10M.',
              })}
            >
              <Field.Label>
                {formatMessage({
                  id: getTranslation('settings.validFor.label'),
                  defaultMessage: 'Default link lifetime',
                })}
              </Field.Label>
              <TextInput
                value={values.defaultValidFor}
                onChange={onFieldChange('defaultValidFor')}
                disabled={!canEdit}
                autoComplete="off"
                spellCheck={false}
                data-testid="matterport-settings-valid-for"
              />
              <Field.Hint />
              <Field.Error />
            </Field.Root>
          </Grid.Item>
        </Grid.Root>
        <ConnectionTest
          clientId={values.clientId}
          clientSecret={values.clientSecret}
          savedClientId={settings.clientId ?? ''}
          allowed={canEdit}
        />
      </Flex>
    </Box>
  );
};

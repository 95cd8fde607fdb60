import { useState } from 'react';
import {
  Button,
  Field,
  Modal,
  Flex,
  MultiSelect,
  MultiSelectOption,
  TextInput,
  Toggle,
} from '@strapi/design-system';
import { useIntl } from 'react-intl';

import type { ConnectionUpdate, ConnectionView } from '../../../../../common/contracts/connections';
import { toApiProblem } from '../../../api/errors';
import { useSaveConnectionMutation } from '../../../api/mutations';
import { useAdminRolesQuery } from '../../../api/queries';
import { getTranslation } from '../../../utils/getTranslation';

interface ConnectionDialogProps {
  /** The connection edited; absent: a new one is added. */
  connection?: ConnectionView;
  onClose: () => void;
}

interface Values {
  id: string;
  name: string;
  clientId: string;
  clientSecret: string;
  defaultValidFor: string;
  enabled: boolean;
  /** Admin role ids, as the multi-select holds them (strings). */
  roles: string[];
}

const sameRoles = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && [...a].sort().join(',') === [...b].sort().join(',');
const roleIds = (values: Values) => values.roles.map(Number);

const initialValues = (connection?: ConnectionView): Values => ({
  id: connection?.id ?? '',
  name: connection?.name ?? '',
  clientId: connection?.clientId ?? '',
  // Never pre-filled: the secret is write-only.
  clientSecret: '',
  defaultValidFor: connection?.defaultValidFor ?? '1h',
  enabled: connection?.enabled ?? true,
  roles: (connection?.roles ?? []).map(String),
});

/** Only what changed: an empty secret keeps the saved one, so it is not sent. */
const changesOf = (values: Values, connection: ConnectionView): ConnectionUpdate => {
  const update: ConnectionUpdate = {};
  if (values.name.trim() !== connection.name) update.name = values.name.trim();
  if (values.clientId.trim() !== (connection.clientId ?? ''))
    update.clientId = values.clientId.trim();
  if (values.clientSecret) update.clientSecret = values.clientSecret;
  if (values.defaultValidFor.trim() !== connection.defaultValidFor)
    update.defaultValidFor = values.defaultValidFor.trim();
  if (values.enabled !== connection.enabled) update.enabled = values.enabled;
  if (!sameRoles(roleIds(values), connection.roles ?? [])) update.roles = roleIds(values);
  return update;
};

/** Adds a connection, or edits one (the id never changes). Open while mounted. */
export const ConnectionDialog = ({ connection, onClose }: ConnectionDialogProps) => {
  const { formatMessage } = useIntl();
  const save = useSaveConnectionMutation();
  // Strapi's own list of roles (GET /admin/roles): who may pick this connection's spaces.
  const roles = useAdminRolesQuery(true);
  const [values, setValues] = useState<Values>(() => initialValues(connection));
  const problem = save.isError ? toApiProblem(save.error) : null;
  const errors = problem?.fieldErrors ?? {};

  const set =
    (field: Exclude<keyof Values, 'enabled' | 'roles'>) =>
    (event: React.ChangeEvent<HTMLInputElement>) =>
      setValues((current) => ({ ...current, [field]: event.target.value }));

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const change = connection
      ? { id: connection.id, update: changesOf(values, connection) }
      : {
          create: {
            id: values.id.trim(),
            name: values.name.trim(),
            clientId: values.clientId.trim(),
            clientSecret: values.clientSecret,
            defaultValidFor: values.defaultValidFor.trim(),
            enabled: values.enabled,
            // Left out when empty: the server's default (every role with the permission).
            ...(values.roles.length ? { roles: roleIds(values) } : {}),
          },
        };
    save.mutate(change, {
      onSuccess: () => {
        // Nothing typed survives a save, least of all the secret.
        setValues(initialValues());
        onClose();
      },
    });
  };

  const title = connection
    ? formatMessage(
        { id: getTranslation('connections.edit.title'), defaultMessage: 'Edit {name}' },
        { name: connection.name }
      )
    : formatMessage({
        id: getTranslation('connections.add.title'),
        defaultMessage: 'Add a connection',
      });

  return (
    <Modal.Root open onOpenChange={(open) => !open && !save.isLoading && onClose()}>
      <Modal.Content>
        <Modal.Header
          closeLabel={formatMessage({
            id: getTranslation('connections.close'),
            defaultMessage: 'Close',
          })}
        >
          <Modal.Title>{title}</Modal.Title>
        </Modal.Header>
        <form onSubmit={submit} noValidate>
          <Modal.Body>
            <Flex direction="column" alignItems="stretch" gap={4} width="100%">
              {problem && Object.keys(errors).length === 0 ? (
                <p role="alert" data-testid="matterport-connection-save-error">
                  {problem.message}
                </p>
              ) : null}
              {connection ? null : (
                <Field.Root
                  name="id"
                  required
                  error={errors.id}
                  hint={formatMessage({
                    id: getTranslation('connections.id.hint'),
                    defaultMessage:
                      'Lower-case letters, digits and hyphens, e.g. harbour-estates. It cannot be changed later.',
                  })}
                >
                  <Field.Label>
                    {formatMessage({
                      id: getTranslation('connections.id.label'),
                      defaultMessage: 'ID',
                    })}
                  </Field.Label>
                  <TextInput
                    value={values.id}
                    onChange={set('id')}
                    autoComplete="off"
                    spellCheck={false}
                  />
                  <Field.Hint />
                  <Field.Error />
                </Field.Root>
              )}
              <Field.Root name="name" required error={errors.name}>
                <Field.Label>
                  {formatMessage({
                    id: getTranslation('connections.name.label'),
                    defaultMessage: 'Name',
                  })}
                </Field.Label>
                <TextInput value={values.name} onChange={set('name')} autoComplete="off" />
                <Field.Error />
              </Field.Root>
              <Field.Root name="clientId" required error={errors.clientId}>
                <Field.Label>
                  {formatMessage({
                    id: getTranslation('settings.clientId.label'),
                    defaultMessage: 'Client ID',
                  })}
                </Field.Label>
                <TextInput
                  value={values.clientId}
                  onChange={set('clientId')}
                  autoComplete="off"
                  spellCheck={false}
                />
                <Field.Error />
              </Field.Root>
              <Field.Root
                name="clientSecret"
                required={!connection}
                error={errors.clientSecret}
                hint={
                  connection?.hasSecret
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
                  onChange={set('clientSecret')}
                  // Keeps browsers from filling in the admin's own password here.
                  autoComplete="new-password"
                  spellCheck={false}
                />
                <Field.Hint />
                <Field.Error />
              </Field.Root>
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
                <TextInput value={values.defaultValidFor} onChange={set('defaultValidFor')} />
                <Field.Hint />
                <Field.Error />
              </Field.Root>
              <Field.Root
                name="roles"
                error={
                  errors.roles ??
                  (roles.problem
                    ? formatMessage(
                        {
                          id: getTranslation('connections.roles.loadFailed'),
                          defaultMessage: 'The admin roles could not be loaded: {message}',
                        },
                        { message: roles.problem.message }
                      )
                    : undefined)
                }
                hint={formatMessage({
                  id: getTranslation('connections.roles.hint'),
                  defaultMessage:
                    'Empty: every role with the plugin’s permission. Super Admins always may.',
                })}
              >
                <Field.Label>
                  {formatMessage({
                    id: getTranslation('connections.roles.label'),
                    defaultMessage: 'Roles that may pick its spaces',
                  })}
                </Field.Label>
                <MultiSelect
                  value={values.roles}
                  onChange={(next: string[]) =>
                    setValues((current) => ({ ...current, roles: next }))
                  }
                  onClear={() => setValues((current) => ({ ...current, roles: [] }))}
                  clearLabel={formatMessage({
                    id: getTranslation('connections.roles.clear'),
                    defaultMessage: 'Clear the roles',
                  })}
                  placeholder={formatMessage({
                    id: getTranslation('connections.roles.placeholder'),
                    defaultMessage: 'Every role with the permission',
                  })}
                  loading={roles.loading}
                  withTags
                  data-testid="matterport-connection-roles"
                >
                  {(roles.data ?? []).map((role) => (
                    <MultiSelectOption key={role.id} value={String(role.id)}>
                      {role.name}
                    </MultiSelectOption>
                  ))}
                </MultiSelect>
                <Field.Hint />
                <Field.Error />
              </Field.Root>
              <Field.Root name="enabled">
                <Field.Label>
                  {formatMessage({
                    id: getTranslation('connections.enabled.label'),
                    defaultMessage: 'Enabled',
                  })}
                </Field.Label>
                <Toggle
                  checked={values.enabled}
                  onChange={(event: React.ChangeEvent<HTMLInputElement>) => {
                    const enabled = event.target.checked;
                    setValues((current) => ({ ...current, enabled }));
                  }}
                  onLabel={formatMessage({
                    id: getTranslation('connections.enabled.on'),
                    defaultMessage: 'On',
                  })}
                  offLabel={formatMessage({
                    id: getTranslation('connections.enabled.off'),
                    defaultMessage: 'Off',
                  })}
                />
              </Field.Root>
            </Flex>
          </Modal.Body>
          <Modal.Footer>
            <Modal.Close>
              <Button variant="tertiary" disabled={save.isLoading}>
                {formatMessage({ id: getTranslation('confirm.cancel'), defaultMessage: 'Cancel' })}
              </Button>
            </Modal.Close>
            <Button type="submit" loading={save.isLoading} data-testid="matterport-connection-save">
              {connection
                ? formatMessage({
                    id: getTranslation('connections.edit.save'),
                    defaultMessage: 'Save connection',
                  })
                : formatMessage({
                    id: getTranslation('connections.add.save'),
                    defaultMessage: 'Add connection',
                  })}
            </Button>
          </Modal.Footer>
        </form>
      </Modal.Content>
    </Modal.Root>
  );
};

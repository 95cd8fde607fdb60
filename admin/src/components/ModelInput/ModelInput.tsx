import { forwardRef, useCallback, useEffect, useRef, useState } from 'react';
import { Field, Flex } from '@strapi/design-system';
import { useIntl } from 'react-intl';

import { DEFAULT_CONNECTION_ID } from '../../../../common/connection-id';
import type { ModelView } from '../../../../common/contracts/models';
import { connectionOf, type StoredModelValue } from '../../../../common/field-value';
import { FilterSelect } from '../FilterSelect';
import { useFieldConnections } from '../../hooks/useFieldConnections';
import { getTranslation } from '../../utils/getTranslation';
import { toFieldValue } from './fieldValue';
import { ModelCard } from './ModelCard';
import { ModelPicker } from './ModelPicker';

/** The props the Content Manager gives a custom field's input (see InputRenderer). */
export interface ModelInputProps {
  name: string;
  value?: unknown;
  onChange: (event: {
    target: { name: string; value: StoredModelValue | null; type: 'json' };
  }) => void;
  label?: React.ReactNode;
  labelAction?: React.ReactNode;
  hint?: React.ReactNode;
  error?: string;
  required?: boolean;
  disabled?: boolean;
  /** The attribute of the schema: its `options.connections` narrows the connections offered. */
  attribute?: { options?: unknown };
}

/** What is stored for a pick: `default` is left out, as values written before connections. */
export const storedValueOf = (model: ModelView, connection: string): StoredModelValue => {
  const holder = model.connection || connection;
  return holder && holder !== DEFAULT_CONNECTION_ID
    ? { modelId: model.id, connection: holder, name: model.name }
    : { modelId: model.id, name: model.name };
};

/**
 * The Matterport field in the entry editor: a picker while the field is empty, the
 * chosen space as a card otherwise ("Change" opens the picker under it). It stores
 * `{ modelId, connection, name }`; the name is a label for people and is refreshed on every
 * pick. When the field allows several connections (Matterport organisations), a select
 * above the search box says which one is searched.
 */
export const ModelInput = forwardRef<HTMLInputElement, ModelInputProps>(
  (
    {
      name,
      value,
      onChange,
      label,
      labelAction,
      hint,
      error,
      required = false,
      disabled = false,
      attribute,
    },
    ref
  ) => {
    const { formatMessage } = useIntl();
    const current = toFieldValue(value);
    const [changing, setChanging] = useState(false);
    const { connections, fallback, field } = useFieldConnections(name, attribute);
    const several = connections.length > 1;
    // The connection searched: the editor's choice, else the value's, else the first allowed.
    const [chosen, setChosen] = useState<string | null>(null);
    const valueConnection = current ? connectionOf(current) : null;
    const connection =
      chosen ??
      (valueConnection && connections.some((c) => c.id === valueConnection)
        ? valueConnection
        : fallback);
    const cardRef = useRef<HTMLDivElement>(null);
    const pickerRef = useRef<HTMLInputElement | null>(null);
    // Where focus should land after the next render: the card after a pick, the
    // search box after a clear, so keyboard users are not dropped to the page top.
    const focusNext = useRef<'card' | 'picker' | null>(null);

    useEffect(() => {
      if (focusNext.current === 'card') cardRef.current?.focus();
      if (focusNext.current === 'picker') pickerRef.current?.focus();
      focusNext.current = null;
    });

    const setPickerRef = useCallback(
      (node: HTMLInputElement | null) => {
        pickerRef.current = node;
        if (typeof ref === 'function') ref(node);
        else if (ref) ref.current = node;
      },
      [ref]
    );

    const emit = (next: StoredModelValue | null) =>
      onChange({ target: { name, value: next, type: 'json' } });

    const onSelect = useCallback(
      (model: ModelView, holder: string) => {
        focusNext.current = 'card';
        setChanging(false);
        setChosen(null);
        onChange({ target: { name, value: storedValueOf(model, holder), type: 'json' } });
      },
      [name, onChange]
    );

    const connectionName = (id: string) =>
      connections.find((candidate) => candidate.id === id)?.name ?? id;

    const describedBy = error ? `${name}-error` : hint ? `${name}-hint` : undefined;

    return (
      <Field.Root name={name} id={name} error={error} hint={hint} required={required}>
        <Flex direction="column" alignItems="stretch" gap={2} data-testid="matterport-field">
          <Field.Label action={labelAction}>{label}</Field.Label>
          {current ? (
            <ModelCard
              ref={cardRef}
              value={current}
              connectionName={several ? connectionName(connectionOf(current)) : undefined}
              disabled={disabled}
              changing={changing}
              onChange={() => setChanging(true)}
              onPresentationChange={emit}
              onClear={() => {
                focusNext.current = 'picker';
                setChanging(false);
                emit(null);
              }}
            />
          ) : null}
          {(!current || changing) && several ? (
            <FilterSelect
              label={formatMessage({
                id: getTranslation('picker.connection.label'),
                defaultMessage: 'Matterport connection',
              })}
              value={connection}
              onChange={setChosen}
              options={connections.map((c) => [c.id, c.name] as const)}
              testId="matterport-connection-select"
            />
          ) : null}
          {!current || changing ? (
            <ModelPicker
              ref={setPickerRef}
              connection={connection}
              connections={several ? connections : []}
              field={field}
              disabled={disabled}
              autoFocus={changing}
              describedBy={describedBy}
              onSelect={onSelect}
              onCancel={
                changing
                  ? () => {
                      focusNext.current = 'card';
                      setChanging(false);
                    }
                  : undefined
              }
            />
          ) : null}
          <Field.Hint />
          <Field.Error />
        </Flex>
      </Field.Root>
    );
  }
);

ModelInput.displayName = 'ModelInput';

export default ModelInput;

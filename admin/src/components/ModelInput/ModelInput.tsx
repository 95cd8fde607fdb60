import { forwardRef, useCallback, useEffect, useRef, useState } from 'react';
import { Field, Flex } from '@strapi/design-system';

import type { ModelView } from '../../../../common/contracts/models';
import type { StoredModelValue } from '../../../../common/field-value';
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
}

/**
 * The Matterport field in the entry editor: a picker while the field is empty, the
 * chosen space as a card otherwise ("Change" opens the picker under it). It stores
 * `{ modelId, name }`; the name is a label for people and is refreshed on every pick.
 */
export const ModelInput = forwardRef<HTMLInputElement, ModelInputProps>(
  (
    { name, value, onChange, label, labelAction, hint, error, required = false, disabled = false },
    ref
  ) => {
    const current = toFieldValue(value);
    const [changing, setChanging] = useState(false);
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
      (model: ModelView) => {
        focusNext.current = 'card';
        setChanging(false);
        onChange({
          target: { name, value: { modelId: model.id, name: model.name }, type: 'json' },
        });
      },
      [name, onChange]
    );

    const describedBy = error ? `${name}-error` : hint ? `${name}-hint` : undefined;

    return (
      <Field.Root name={name} id={name} error={error} hint={hint} required={required}>
        <Flex direction="column" alignItems="stretch" gap={2} data-testid="matterport-field">
          <Field.Label action={labelAction}>{label}</Field.Label>
          {current ? (
            <ModelCard
              ref={cardRef}
              value={current}
              disabled={disabled}
              changing={changing}
              onChange={() => setChanging(true)}
              onClear={() => {
                focusNext.current = 'picker';
                setChanging(false);
                emit(null);
              }}
            />
          ) : null}
          {!current || changing ? (
            <ModelPicker
              ref={setPickerRef}
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

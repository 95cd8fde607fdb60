import { Field, Flex, SingleSelect, SingleSelectOption, TextInput } from '@strapi/design-system';
import { useIntl } from 'react-intl';

import { connectionOf, type StoredModelValue } from '../../../../common/field-value';
import { SHOWCASE_PARAMS } from '../../../../common/showcase';
import { useModelViewsQuery } from '../../api/queries';
import { getTranslation } from '../../utils/getTranslation';
import { ProblemNotice } from '../ProblemNotice';

interface ViewChoiceProps {
  value: StoredModelValue;
  disabled?: boolean;
  onChange: (next: StoredModelValue) => void;
}

const START_RULE = SHOWCASE_PARAMS.start;

/** The value without its View (the base View is stored as none). */
const withView = (value: StoredModelValue, view: string | null): StoredModelValue => {
  const { view: _dropped, ...rest } = value;
  return view && view !== value.modelId ? { ...rest, view } : rest;
};

/** The value with the entry's own `start` (issue 28), or without it when empty. */
const withStart = (value: StoredModelValue, start: string): StoredModelValue => {
  const { params, ...rest } = value;
  const { start: _dropped, ...others } = params ?? {};
  const next = start ? { ...others, start } : others;
  return Object.keys(next).length ? { ...rest, params: next } : rest;
};

/**
 * Per-entry presentation of the chosen space (issue 28): which of its Matterport Views opens
 * (listed when the space has Views besides its base one) and where the tour starts for this
 * entry (Showcase's `start`, which overrides the field's options and the View's start).
 */
export const ViewChoice = ({ value, disabled = false, onChange }: ViewChoiceProps) => {
  const { formatMessage } = useIntl();
  const views = useModelViewsQuery(value.modelId, connectionOf(value));
  const list = views.data ?? [];
  // A View the space no longer lists is still shown, so the editor sees what is stored.
  const options: Array<readonly [string, string]> = [
    [
      value.modelId,
      formatMessage({ id: getTranslation('views.base'), defaultMessage: 'The whole space' }),
    ],
    ...list.filter((v) => !v.base).map((v) => [v.id, v.name] as const),
    ...(value.view && !list.some((v) => v.id === value.view)
      ? [[value.view, value.view] as const]
      : []),
  ];
  const start = value.params?.start ?? '';
  const startInvalid =
    start !== '' && START_RULE.kind === 'token' && !START_RULE.pattern.test(start);

  return (
    <Flex direction="column" alignItems="stretch" gap={2} data-testid="matterport-presentation">
      {/* A refusal is already said once, by the card above (this admin may not browse the space). */}
      {views.problem && views.problem.kind !== 'forbidden' ? (
        <ProblemNotice problem={views.problem} onRetry={views.reload} />
      ) : null}
      {options.length > 1 ? (
        <Field.Root
          name="matterport-view"
          hint={formatMessage({
            id: getTranslation('views.hint'),
            defaultMessage: 'A View shows the space with its own tags and tours.',
          })}
        >
          <Field.Label>
            {formatMessage({ id: getTranslation('views.label'), defaultMessage: 'View' })}
          </Field.Label>
          <SingleSelect
            value={value.view ?? value.modelId}
            disabled={disabled}
            onChange={(next) => onChange(withView(value, String(next)))}
            data-testid="matterport-view-select"
          >
            {options.map(([id, text]) => (
              <SingleSelectOption key={id} value={id}>
                {text}
              </SingleSelectOption>
            ))}
          </SingleSelect>
          <Field.Hint />
        </Field.Root>
      ) : null}
      <Field.Root
        name="matterport-start"
        hint={formatMessage({
          id: getTranslation('views.start.hint'),
          defaultMessage:
            "Optional: Showcase's start value for this entry; it replaces the field's and the View's start.",
        })}
        error={
          startInvalid
            ? formatMessage({
                id: getTranslation('views.start.invalid'),
                defaultMessage: 'Use letters, digits and . , _ - only.',
              })
            : undefined
        }
      >
        <Field.Label>
          {formatMessage({
            id: getTranslation('views.start.label'),
            defaultMessage: 'Start position',
          })}
        </Field.Label>
        <TextInput
          value={start}
          disabled={disabled}
          data-testid="matterport-start-input"
          onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
            onChange(withStart(value, event.target.value.trim()))
          }
        />
        <Field.Hint />
        <Field.Error />
      </Field.Root>
    </Flex>
  );
};

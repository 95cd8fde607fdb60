import { Field, SingleSelect, SingleSelectOption } from '@strapi/design-system';

interface FilterSelectProps<V extends string> {
  label: string;
  value: V;
  onChange: (value: V) => void;
  /** [value, visible text] pairs, in order. */
  options: ReadonlyArray<readonly [V, string]>;
  /** Also the field's name. */
  testId: string;
}

/** A labelled choice list above a paged list (status, purpose, sort, action). */
export const FilterSelect = <V extends string>({
  label,
  value,
  onChange,
  options,
  testId,
}: FilterSelectProps<V>) => (
  <Field.Root name={testId}>
    <Field.Label>{label}</Field.Label>
    <SingleSelect
      value={value}
      // Only the options' values can come back.
      onChange={(next) => onChange(String(next) as V)}
      data-testid={testId}
    >
      {options.map(([key, text]) => (
        <SingleSelectOption key={key} value={key}>
          {text}
        </SingleSelectOption>
      ))}
    </SingleSelect>
  </Field.Root>
);

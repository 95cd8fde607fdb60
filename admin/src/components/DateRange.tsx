import { Field, Flex, TextInput } from '@strapi/design-system';
import { useIntl } from 'react-intl';

import { getTranslation } from '../utils/getTranslation';

export interface DateRangeValue {
  /** Calendar days as the date inputs give them (YYYY-MM-DD), in the admin's time zone. */
  from: string;
  to: string;
}

/** The range as ISO-8601 instants for the API: from the start of `from` to the end of `to`, local time. */
export const toInstants = ({ from, to }: DateRangeValue): { from?: string; to?: string } => ({
  from: from ? new Date(`${from}T00:00:00`).toISOString() : undefined,
  to: to ? new Date(`${to}T23:59:59.999`).toISOString() : undefined,
});

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Days read from the URL: anything but a real YYYY-MM-DD (a hand-edited URL) is no bound at all. */
export const daysOf = (from: string, to: string): DateRangeValue => ({
  from: DAY.test(from) && !Number.isNaN(Date.parse(from)) ? from : '',
  to: DAY.test(to) && !Number.isNaN(Date.parse(to)) ? to : '',
});

interface DateRangeProps {
  value: DateRangeValue;
  onChange: (value: DateRangeValue) => void;
}

/** Two native date inputs: keyboard- and screen-reader-friendly, and no time zone guesswork. */
export const DateRange = ({ value, onChange }: DateRangeProps) => {
  const { formatMessage } = useIntl();
  return (
    <Flex gap={2} alignItems="flex-end">
      <Field.Root name="from">
        <Field.Label>
          {formatMessage({ id: getTranslation('filters.from'), defaultMessage: 'From' })}
        </Field.Label>
        <TextInput
          type="date"
          value={value.from}
          max={value.to || undefined}
          onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
            onChange({ ...value, from: event.target.value })
          }
        />
      </Field.Root>
      <Field.Root name="to">
        <Field.Label>
          {formatMessage({ id: getTranslation('filters.to'), defaultMessage: 'To' })}
        </Field.Label>
        <TextInput
          type="date"
          value={value.to}
          min={value.from || undefined}
          onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
            onChange({ ...value, to: event.target.value })
          }
        />
      </Field.Root>
    </Flex>
  );
};

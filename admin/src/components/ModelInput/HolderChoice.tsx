import { useId } from 'react';
import { Box, Flex, Radio, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';

import type { LocateModel } from '../../../../common/contracts/models';
import { getTranslation } from '../../utils/getTranslation';

type Holder = LocateModel.Response['data']['holders'][number];
type Unknown = LocateModel.Response['data']['unknown'][number];

interface HolderChoiceProps {
  holders: Holder[];
  /** Connections Matterport could not be asked about (an outage): named, not offered. */
  unknown?: Unknown[];
  onChoose: (holder: Holder) => void;
}

/**
 * A pasted link whose model several connections hold (the same organisation added twice, or
 * a model shared between organisations): the editor says which connection's credentials
 * deliver it. A radio group, named by its visible question; each choice is named by the
 * connection's visible name. Choosing picks the model at once.
 */
export const HolderChoice = ({ holders, unknown = [], onChoose }: HolderChoiceProps) => {
  const { formatMessage } = useIntl();
  const titleId = useId();
  const question = formatMessage({
    id: getTranslation('picker.holders.question'),
    defaultMessage: 'Several connections hold this space. Which one should deliver it?',
  });

  return (
    <Box background="neutral100" hasRadius padding={3} data-testid="matterport-holder-choice">
      <Flex direction="column" alignItems="stretch" gap={2}>
        {holders.length > 0 ? (
          <>
            <Typography id={titleId} variant="omega" fontWeight="semiBold">
              {question}
            </Typography>
            <Radio.Group
              aria-labelledby={titleId}
              value=""
              onValueChange={(id: string) => {
                const holder = holders.find((candidate) => candidate.id === id);
                if (holder) onChoose(holder);
              }}
            >
              {holders.map((holder) => (
                <Radio.Item key={holder.id} value={holder.id}>
                  {formatMessage(
                    {
                      id: getTranslation('picker.holders.option'),
                      defaultMessage: '{connection}: {name}',
                    },
                    { connection: holder.name, name: holder.model.name }
                  )}
                </Radio.Item>
              ))}
            </Radio.Group>
          </>
        ) : null}
        {unknown.length > 0 ? (
          <Typography variant="pi" textColor="neutral700" role="status">
            {formatMessage(
              {
                id: getTranslation('picker.holders.unknown'),
                defaultMessage:
                  'Matterport could not be asked about this space for: {connections}. Try again later, or search the connection instead.',
              },
              { connections: unknown.map((connection) => connection.name).join(', ') }
            )}
          </Typography>
        ) : null}
      </Flex>
    </Box>
  );
};

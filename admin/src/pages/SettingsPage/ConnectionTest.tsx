import { useState } from 'react';
import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { CheckCircle, CrossCircle, Lightning } from '@strapi/icons';
import { useIntl } from 'react-intl';

import { toApiProblem } from '../../api/errors';
import type { ConnectionCheck } from '../../api/types';
import { useMatterportApi } from '../../api/useMatterportApi';
import { getTranslation } from '../../utils/getTranslation';

interface ConnectionTestProps {
  /** What is in the form now; a typed secret is tested before it is saved. */
  clientId: string;
  clientSecret: string;
  savedClientId: string;
}

type Result = { ok: true; check: ConnectionCheck } | { ok: false; message: string };

/** Asks Matterport for a token with the saved credentials, or with the ones being typed. */
export const ConnectionTest = ({ clientId, clientSecret, savedClientId }: ConnectionTestProps) => {
  const { formatMessage, formatNumber } = useIntl();
  const api = useMatterportApi();
  const [testing, setTesting] = useState(false);
  const [result, setResult] = useState<Result | null>(null);

  const run = async () => {
    setTesting(true);
    setResult(null);
    // Nothing typed: the server tests what it has saved.
    const body = clientSecret
      ? { clientId: clientId.trim(), clientSecret }
      : clientId.trim() !== savedClientId
        ? { clientId: clientId.trim() }
        : {};
    try {
      setResult({ ok: true, check: await api.testConnection(body) });
    } catch (error) {
      setResult({ ok: false, message: toApiProblem(error).message });
    } finally {
      setTesting(false);
    }
  };

  const lifetime = (seconds: number) =>
    seconds >= 7200
      ? formatNumber(Math.round(seconds / 3600), { style: 'unit', unit: 'hour', unitDisplay: 'long' })
      : formatNumber(Math.round(seconds / 60), { style: 'unit', unit: 'minute', unitDisplay: 'long' });

  return (
    <Flex direction="column" alignItems="flex-start" gap={2}>
      <Button variant="secondary" startIcon={<Lightning />} loading={testing} onClick={run} data-testid="matterport-test-connection">
        {formatMessage({ id: getTranslation('settings.test.button'), defaultMessage: 'Test connection' })}
      </Button>
      <Box role="status" aria-live="polite" data-testid="matterport-test-result">
        {result?.ok ? (
          <Flex gap={2} alignItems="flex-start">
            <CheckCircle fill="success600" aria-hidden />
            <Typography variant="pi" textColor="success700">
              {formatMessage(
                {
                  id: getTranslation('settings.test.success'),
                  defaultMessage: 'Connected to Matterport. Scope: {scope}. Tokens last {lifetime}.',
                },
                { scope: result.check.scope || '—', lifetime: lifetime(result.check.expiresIn) }
              )}
            </Typography>
          </Flex>
        ) : null}
        {result && !result.ok ? (
          <Flex gap={2} alignItems="flex-start">
            <CrossCircle fill="danger600" aria-hidden />
            <Typography variant="pi" textColor="danger700">
              {formatMessage(
                { id: getTranslation('settings.test.failure'), defaultMessage: 'Connection failed: {message}' },
                { message: result.message }
              )}
            </Typography>
          </Flex>
        ) : null}
      </Box>
    </Flex>
  );
};

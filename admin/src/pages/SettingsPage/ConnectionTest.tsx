import type { ReactNode } from 'react';
import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { CheckCircle, CrossCircle, Information, Lightning } from '@strapi/icons';
import { useIntl } from 'react-intl';

import { toApiProblem } from '../../api/errors';
import { useTestConnectionMutation } from '../../api/mutations';
import type { ConnectionTestResult, MintTest } from '../../../../common/contracts/settings';
import { getTranslation } from '../../utils/getTranslation';

interface ConnectionTestProps {
  /** What is in the form now; a typed secret is tested before it is saved. */
  clientId: string;
  clientSecret: string;
  savedClientId: string;
  /**
   * Whether the admin may run it (the route needs "Edit settings": a test mints and revokes a
   * real link). Without it the button is disabled and says why, rather than answering 403.
   */
  allowed: boolean;
}

type Result = { ok: true; check: ConnectionTestResult } | { ok: false; message: string };

/** Tests the saved credentials, or the ones being typed: a token, then one embed link (revoked at once). */
export const ConnectionTest = ({
  clientId,
  clientSecret,
  savedClientId,
  allowed,
}: ConnectionTestProps) => {
  const { formatMessage, formatNumber } = useIntl();
  const test = useTestConnectionMutation();
  const testing = test.isLoading;
  const result: Result | null = test.isSuccess
    ? { ok: true, check: test.data }
    : test.isError
      ? { ok: false, message: toApiProblem(test.error).message }
      : null;

  const run = () =>
    // Nothing typed: the server tests what it has saved.
    test.mutate(
      clientSecret
        ? { clientId: clientId.trim(), clientSecret }
        : clientId.trim() !== savedClientId
          ? { clientId: clientId.trim() }
          : {}
    );

  const lifetime = (seconds: number) =>
    seconds >= 7200
      ? formatNumber(Math.round(seconds / 3600), {
          style: 'unit',
          unit: 'hour',
          unitDisplay: 'long',
        })
      : formatNumber(Math.round(seconds / 60), {
          style: 'unit',
          unit: 'minute',
          unitDisplay: 'long',
        });

  return (
    <Flex direction="column" alignItems="flex-start" gap={2}>
      <Button
        variant="secondary"
        startIcon={<Lightning />}
        loading={testing}
        onClick={run}
        disabled={!allowed}
        aria-describedby={allowed ? undefined : 'matterport-test-not-allowed'}
        data-testid="matterport-test-connection"
      >
        {formatMessage({
          id: getTranslation('settings.test.button'),
          defaultMessage: 'Test connection',
        })}
      </Button>
      {allowed ? null : (
        <Typography
          variant="pi"
          textColor="neutral600"
          id="matterport-test-not-allowed"
          data-testid="matterport-test-not-allowed"
        >
          {formatMessage({
            id: getTranslation('settings.test.notAllowed'),
            defaultMessage:
              'Testing the connection needs the “Edit settings” permission: a test creates and revokes a real embed link.',
          })}
        </Typography>
      )}
      <Box role="status" aria-live="polite" data-testid="matterport-test-result">
        {result?.ok ? (
          <Flex direction="column" alignItems="flex-start" gap={1}>
            <Step outcome="passed" testId="matterport-test-token">
              {formatMessage(
                { id: getTranslation('settings.test.token'), defaultMessage: 'Token: {text}' },
                {
                  text: formatMessage(
                    {
                      id: getTranslation('settings.test.success'),
                      defaultMessage:
                        'Connected to Matterport. Scope: {scope}. Tokens last {lifetime}.',
                    },
                    { scope: result.check.scope || '—', lifetime: lifetime(result.check.expiresIn) }
                  ),
                }
              )}
            </Step>
            <MintStep mint={result.check.mint} />
            {/* Issue 28: what an account without PME can still do (an older server says nothing). */}
            {result.check.pme === 'unavailable' ? (
              <Step outcome="skipped" testId="matterport-test-pme">
                {formatMessage({
                  id: getTranslation('settings.test.noPme'),
                  defaultMessage:
                    'This account has no Private Model Embed: private spaces cannot be embedded, but fields with access “auto” or “public” deliver public and unlisted spaces with plain Showcase links.',
                })}
              </Step>
            ) : null}
          </Flex>
        ) : null}
        {result && !result.ok ? (
          <Step outcome="failed">
            {formatMessage(
              {
                id: getTranslation('settings.test.failure'),
                defaultMessage: 'Connection failed: {message}',
              },
              { message: result.message }
            )}
          </Step>
        ) : null}
      </Box>
    </Flex>
  );
};

type Outcome = 'passed' | 'failed' | 'skipped';

const Step = ({
  outcome,
  testId,
  children,
}: {
  outcome: Outcome;
  testId?: string;
  children: ReactNode;
}) => (
  <Flex gap={2} alignItems="flex-start" data-testid={testId} data-outcome={outcome}>
    {outcome === 'passed' ? <CheckCircle fill="success600" aria-hidden /> : null}
    {outcome === 'failed' ? <CrossCircle fill="danger600" aria-hidden /> : null}
    {outcome === 'skipped' ? <Information fill="neutral600" aria-hidden /> : null}
    <Typography
      variant="pi"
      textColor={
        outcome === 'passed' ? 'success700' : outcome === 'failed' ? 'danger700' : 'neutral700'
      }
    >
      {children}
    </Typography>
  </Flex>
);

/**
 * The second step: a token alone does not prove embed links can be made (an account without
 * Private Model Embed gets a token and a model list, then every mint is refused).
 */
const MintStep = ({ mint }: { mint: MintTest }) => {
  const { formatMessage } = useIntl();
  const say = (descriptor: { id: string; defaultMessage: string }) =>
    formatMessage(descriptor, { message: mint.message ?? mint.code ?? '' });
  let outcome: Outcome;
  let text: string;
  if (mint.ok === true) {
    outcome = 'passed';
    // The server says "revoked" only by saying nothing; a message means the revocation failed.
    text =
      mint.message === null
        ? say({
            id: getTranslation('settings.test.mint.ok'),
            defaultMessage: 'Embed link: a test link was created and revoked at once.',
          })
        : say({
            id: getTranslation('settings.test.mint.okNotRevoked'),
            defaultMessage:
              'Embed link: a test link was created, but could not be revoked; it expires by itself within 30 seconds.',
          });
  } else if (!mint.tested) {
    // Not tested with no error code: there was simply no model to mint for.
    outcome = mint.code === null ? 'skipped' : 'failed';
    text =
      mint.code === null
        ? say({
            id: getTranslation('settings.test.mint.noModels'),
            defaultMessage: 'Embed link: not tested, this account has no models.',
          })
        : say({
            id: getTranslation('settings.test.mint.notTested'),
            defaultMessage: 'Embed link: not tested. {message}',
          });
  } else {
    outcome = 'failed';
    text =
      mint.code === 'MATTERPORT_AUTH_FAILED'
        ? say({
            id: getTranslation('settings.test.mint.noEmbed'),
            defaultMessage:
              'Embed link failed: the credentials work, but Matterport refused to create an embed link. Private Model Embed may not be enabled for this account (or this client may not use it).',
          })
        : say({
            id: getTranslation('settings.test.mint.failure'),
            defaultMessage: 'Embed link failed: {message}',
          });
  }
  return (
    <Step outcome={outcome} testId="matterport-test-mint">
      {text}
    </Step>
  );
};

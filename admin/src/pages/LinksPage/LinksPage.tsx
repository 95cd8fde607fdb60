import { useState } from 'react';
import { Box, Button, Checkbox, EmptyStateLayout, Flex, Loader, Typography } from '@strapi/design-system';
import { ArrowClockwise, Link as LinkIcon } from '@strapi/icons';
import { Layouts, Page, useNotification, useRBAC } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';

import { toApiProblem } from '../../api/errors';
import type { EmbedLinkRecord } from '../../api/types';
import { useMatterportApi } from '../../api/useMatterportApi';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { PERMISSIONS } from '../../permissions';
import { getTranslation } from '../../utils/getTranslation';
import { LinksTable } from './LinksTable';
import { useLinks } from './useLinks';
import { useModelNames } from './useModelNames';

// useRBAC names results after the action's last segment: canRevoke and canRead (models.read).
const PAGE_PERMISSIONS = [...PERMISSIONS.linksRevoke, ...PERMISSIONS.modelsRead];

type Pending = { kind: 'link'; link: EmbedLinkRecord } | { kind: 'model'; modelId: string; count: number };

/**
 * Settings → Matterport links: the embed links the plugin has minted, with their
 * remaining lifetime, and revocation for when a link must stop working before it
 * expires (a leaked URL, an unpublished space).
 */
export const LinksPage = () => {
  const { formatMessage } = useIntl();
  const { toggleNotification } = useNotification();
  const api = useMatterportApi();
  const { allowedActions } = useRBAC(PAGE_PERMISSIONS);
  const [activeOnly, setActiveOnly] = useState(true);
  const { links, problem, loading, reload } = useLinks(activeOnly);
  const names = useModelNames(links?.map((link) => link.modelId) ?? [], Boolean(allowedActions.canRead));
  const [pending, setPending] = useState<Pending | null>(null);

  const canRevoke = Boolean(allowedActions.canRevoke);
  const modelLabel = (modelId: string) => names[modelId] ?? modelId;

  const revoke = async (target: Pending) => {
    try {
      if (target.kind === 'link') {
        await api.revokeLink(target.link.id);
        toggleNotification({
          type: 'success',
          message: formatMessage({ id: getTranslation('links.revoked'), defaultMessage: 'The link was revoked.' }),
        });
      } else {
        const { revoked } = await api.revokeModelLinks(target.modelId);
        toggleNotification({
          type: 'success',
          message: formatMessage(
            {
              id: getTranslation('links.revokedModel'),
              defaultMessage: '{count, plural, =0 {No link needed revoking} one {# link revoked} other {# links revoked}} for {model}.',
            },
            { count: revoked, model: modelLabel(target.modelId) }
          ),
        });
      }
    } catch (error) {
      toggleNotification({
        type: 'danger',
        message: formatMessage(
          { id: getTranslation('links.revokeFailed'), defaultMessage: 'Revocation failed: {message}' },
          { message: toApiProblem(error).message }
        ),
      });
    } finally {
      reload();
    }
  };

  const content = (() => {
    if (problem) {
      return (
        <Box role="alert" background="danger100" borderColor="danger200" borderStyle="solid" borderWidth="1px" hasRadius padding={4} data-testid="matterport-links-error">
          <Flex direction="column" alignItems="flex-start" gap={2}>
            <Typography fontWeight="semiBold">
              {formatMessage({ id: getTranslation('links.loadFailed'), defaultMessage: 'The links could not be loaded.' })}
            </Typography>
            <Typography variant="pi" textColor="neutral600">
              {problem.message}
            </Typography>
            <Button variant="secondary" size="S" startIcon={<ArrowClockwise />} onClick={reload}>
              {formatMessage({ id: getTranslation('problem.retry'), defaultMessage: 'Retry' })}
            </Button>
          </Flex>
        </Box>
      );
    }
    if (!links) {
      return (
        <Flex justifyContent="center" padding={8}>
          <Loader>{formatMessage({ id: getTranslation('links.loading'), defaultMessage: 'Loading links…' })}</Loader>
        </Flex>
      );
    }
    if (!links.length) {
      return (
        <EmptyStateLayout
          icon={<LinkIcon width="64px" height="64px" />}
          content={
            activeOnly
              ? formatMessage({
                  id: getTranslation('links.empty.active'),
                  defaultMessage: 'No active links. Links are minted when the API delivers an entry with a Matterport field.',
                })
              : formatMessage({ id: getTranslation('links.empty.all'), defaultMessage: 'No links have been minted yet.' })
          }
        />
      );
    }
    return <LinksTable links={links} names={names} canRevoke={canRevoke} onRevoke={(link) => setPending({ kind: 'link', link })} onRevokeModel={(modelId, count) => setPending({ kind: 'model', modelId, count })} />;
  })();

  return (
    <Page.Main aria-busy={loading}>
      <Page.Title>{formatMessage({ id: getTranslation('links.pageTitle'), defaultMessage: 'Settings - Matterport links' })}</Page.Title>
      <Layouts.Header
        title={formatMessage({ id: getTranslation('links.title'), defaultMessage: 'Matterport links' })}
        subtitle={formatMessage({
          id: getTranslation('links.subtitle'),
          defaultMessage: 'Private embed links delivered with your content. A revoked link stops working at once, even in open tours.',
        })}
        primaryAction={
          <Button variant="secondary" startIcon={<ArrowClockwise />} onClick={reload} loading={loading && Boolean(links)}>
            {formatMessage({ id: getTranslation('links.refresh'), defaultMessage: 'Refresh' })}
          </Button>
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4}>
          <Checkbox checked={activeOnly} onCheckedChange={(checked) => setActiveOnly(checked === true)} data-testid="matterport-links-active-only">
            {formatMessage({ id: getTranslation('links.activeOnly'), defaultMessage: 'Show active links only' })}
          </Checkbox>
          {content}
        </Flex>
      </Layouts.Content>

      {pending ? (
        <ConfirmDialog
          open
          onOpenChange={(open) => !open && setPending(null)}
          title={
            pending.kind === 'link'
              ? formatMessage({ id: getTranslation('links.confirm.link.title'), defaultMessage: 'Revoke this link?' })
              : formatMessage({ id: getTranslation('links.confirm.model.title'), defaultMessage: 'Revoke every link of this space?' })
          }
          confirmLabel={
            pending.kind === 'link'
              ? formatMessage({ id: getTranslation('links.revoke'), defaultMessage: 'Revoke' })
              : formatMessage(
                  { id: getTranslation('links.confirm.model.confirm'), defaultMessage: 'Revoke {count, plural, one {# link} other {# links}}' },
                  { count: pending.count }
                )
          }
          onConfirm={() => revoke(pending)}
        >
          {pending.kind === 'link'
            ? formatMessage(
                {
                  id: getTranslation('links.confirm.link.body'),
                  defaultMessage:
                    'The link …{token} of {model} stops working at once, also in tours that are open. Visitors get a new link on their next visit.',
                },
                { token: pending.link.tokenHint ?? '', model: modelLabel(pending.link.modelId) }
              )
            : formatMessage(
                {
                  id: getTranslation('links.confirm.model.body'),
                  defaultMessage:
                    'All {count, plural, one {# active link} other {# active links}} of {model} stop working at once, also in tours that are open. Visitors get new links on their next visit.',
                },
                { count: pending.count, model: modelLabel(pending.modelId) }
              )}
        </ConfirmDialog>
      ) : null}
    </Page.Main>
  );
};

export const ProtectedLinksPage = () => (
  <Page.Protect permissions={PERMISSIONS.linksRead}>
    <LinksPage />
  </Page.Protect>
);

export default ProtectedLinksPage;

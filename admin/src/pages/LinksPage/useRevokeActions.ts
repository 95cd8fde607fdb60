import { useState } from 'react';
import { useNotification } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';

import { toApiProblem } from '../../api/errors';
import { useRevokeMutation, type RevokeResult, type RevokeTarget } from '../../api/mutations';
import type {
  LinkListFilter,
  LinkListItem,
  RevokeResponse,
} from '../../../../common/contracts/links';
import { getTranslation } from '../../utils/getTranslation';

/** A revocation waiting for the admin's confirmation. */
export type PendingRevoke =
  | { kind: 'link'; link: LinkListItem }
  | { kind: 'model'; modelId: string; count: number }
  // exact false: `count` is a lower bound (the server stopped counting there).
  | { kind: 'filter'; filter: LinkListFilter; count: number; exact: boolean }
  // Every link of one connection (issue 26): its organisation's credentials revoke them.
  | { kind: 'connection'; connection: string; name: string };

const targetOf = (pending: PendingRevoke): RevokeTarget =>
  pending.kind === 'link'
    ? { kind: 'link', id: pending.link.id }
    : pending.kind === 'model'
      ? { kind: 'model', modelId: pending.modelId }
      : pending.kind === 'connection'
        ? { kind: 'filter', filter: { connection: pending.connection } }
        : { kind: 'filter', filter: pending.filter };

/**
 * The links page's revocations: what waits for confirmation, the retries under way, the
 * outcome of the last bulk revocation, and what the admin is told. The list refreshes
 * itself after each (the mutation invalidates it).
 */
export const useRevokeActions = (modelLabel: (modelId: string) => string) => {
  const { formatMessage } = useIntl();
  const { toggleNotification } = useNotification();
  const mutation = useRevokeMutation();
  const [pending, setPending] = useState<PendingRevoke | null>(null);
  const [outcome, setOutcome] = useState<RevokeResponse | null>(null);
  const [retrying, setRetrying] = useState<ReadonlySet<number>>(new Set());

  const told = (
    result: RevokeResult,
    model: string
  ): { type: 'success' | 'warning'; message: string } => {
    if (result.kind === 'link')
      return {
        type: 'success',
        message: formatMessage({
          id: getTranslation('links.revoked'),
          defaultMessage: 'The link was revoked.',
        }),
      };
    if (result.kind === 'model')
      return {
        type: 'success',
        message: formatMessage(
          {
            id: getTranslation('links.revokedModel'),
            defaultMessage:
              '{count, plural, =0 {No link needed revoking} one {# link revoked} other {# links revoked}} for {model}.',
          },
          { count: result.revoked, model }
        ),
      };
    const { meta } = result.outcome;
    // One request revokes at most a few thousand links: say how many still match.
    const left = meta.matched - meta.revoked - meta.failed;
    const done = formatMessage(
      {
        id: getTranslation('links.revokedFilter'),
        defaultMessage:
          '{revoked, plural, =0 {No link revoked} one {# link revoked} other {# links revoked}}{failed, plural, =0 {.} other {; # could not be revoked.}}',
      },
      { revoked: meta.revoked, failed: meta.failed }
    );
    const more = formatMessage(
      {
        id: getTranslation('links.revokedFilterMore'),
        defaultMessage:
          '{left, plural, one {# more link matches} other {# more links match}}: revoke again to go on.',
      },
      { left }
    );
    return {
      type: meta.failed || left > 0 ? 'warning' : 'success',
      message: left > 0 ? `${done} ${more}` : done,
    };
  };

  const notifyFailure = (error: unknown) =>
    toggleNotification({
      type: 'danger',
      message: formatMessage(
        {
          id: getTranslation('links.revokeFailed'),
          defaultMessage: 'Revocation failed: {message}',
        },
        { message: toApiProblem(error).message }
      ),
    });

  // Resolves once settled, either way: the confirmation dialog shows progress until then.
  const run = (target: RevokeTarget, onSettled?: () => void): Promise<void> =>
    mutation
      .mutateAsync(target, {
        onSuccess: (result) => {
          if (result.kind === 'filter') setOutcome(result.outcome);
          toggleNotification(
            told(result, target.kind === 'model' ? modelLabel(target.modelId) : '')
          );
        },
        onError: notifyFailure,
        onSettled,
      })
      .then(
        () => undefined,
        () => undefined
      );

  return {
    pending,
    outcome,
    retrying,
    ask: setPending,
    cancel: () => setPending(null),
    confirm: (target: PendingRevoke) => run(targetOf(target)),
    /** A link whose revocation failed, revoked again at once (no confirmation: it was confirmed before). */
    retry: (link: LinkListItem) => {
      setRetrying((previous) => new Set(previous).add(link.id));
      void run({ kind: 'link', id: link.id }, () =>
        setRetrying((previous) => {
          const next = new Set(previous);
          next.delete(link.id);
          return next;
        })
      );
    },
  };
};

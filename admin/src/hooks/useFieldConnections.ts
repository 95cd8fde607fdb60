import { useMemo } from 'react';
import { useLocation } from 'react-router-dom';

import { DEFAULT_CONNECTION_ID } from '../../../common/connection-id';
import type { PickableConnection } from '../../../common/contracts/models';
import { parseConnectionsOption } from '../../../common/showcase';
import { usePickableConnectionsQuery } from '../api/queries';
import type { FieldRef } from '../api/useMatterportApi';

// The entry editor's address: /content-manager/collection-types/<uid>/<documentId> (or single-types).
const EDIT_VIEW = /\/content-manager\/(?:collection-types|single-types)\/([^/?#]+)/;

const NO_CONNECTIONS: PickableConnection[] = [];

/**
 * The connections the editor may pick a space from for this field. The server narrows them to
 * the admin's roles and, given the content type and attribute, to the field's `connections`
 * option. A field inside a component has a path as its name ("sections.0.tour") and its
 * component's uid is not known here, so the server is asked without it and the option, which
 * the input receives with the attribute, narrows the list here: the same rule, applied twice.
 */
export const useFieldConnections = (name: string, attribute?: { options?: unknown }) => {
  const { pathname } = useLocation();
  const uid = EDIT_VIEW.exec(pathname)?.[1];
  const field: FieldRef = useMemo(
    () => (uid && !name.includes('.') ? { uid: decodeURIComponent(uid), field: name } : {}),
    [uid, name]
  );
  const allowed = useMemo(() => {
    const options = attribute?.options;
    const raw =
      options && typeof options === 'object'
        ? (options as { connections?: unknown }).connections
        : undefined;
    if (raw === undefined || raw === null || raw === '') return undefined;
    try {
      return parseConnectionsOption(raw);
    } catch {
      // The server refuses such a schema at start-up; here it simply narrows nothing.
      return undefined;
    }
  }, [attribute]);
  const { data, problem, loading, reload } = usePickableConnectionsQuery(field);
  const connections = useMemo(
    () =>
      data
        ? allowed
          ? data.filter((connection) => allowed.includes(connection.id))
          : data
        : NO_CONNECTIONS,
    [data, allowed]
  );
  // Until the answer (or when it fails, e.g. an older server), the picker works as before: default.
  const fallback = connections[0]?.id ?? DEFAULT_CONNECTION_ID;
  return { connections, fallback, field, problem, loading, retry: reload };
};

import { errors } from '@strapi/utils';

import { DEFAULT_CONNECTION_ID } from '../../../common/connection-id';
import {
  connectionOf,
  FieldValueError,
  normalizeModelValue,
  type StoredModelValue,
} from '../../../common/field-value';
import { mayUse, type RoleHolder } from '../connections/access';
import { collectSlots, type FieldSlot, type SchemaPlan } from '../delivery/plan';

/**
 * What a write is checked against beyond the value's format (issue 26): the connections that
 * exist, the admin making the write, and whether a connection holds a model.
 */
export interface WriteChecks {
  /** The connection of this id (its roles), or undefined when there is none. */
  connection(id: string): Promise<{ roles: readonly number[] } | undefined>;
  /** The admin user making the write (Content Manager), if any: their roles must allow each connection. */
  user?: RoleHolder;
  /**
   * Whether the connection's organisation holds the model: true, false (Matterport says it has
   * no such model), or undefined when it could not be asked (an outage must not block editors).
   */
  holds(modelId: string, connection: string): Promise<boolean | undefined>;
}

interface Problem {
  path: string[];
  message: string;
  name: string;
}

const problemAt = (slot: FieldSlot, message: string, name = 'ValidationError'): Problem => ({
  path: slot.path,
  message: `${slot.path.join('.')}: ${message}`,
  name,
});

const quoteList = (ids: readonly string[]) => ids.map((id) => `"${id}"`).join(', ');

/** The connection checks of one value; undefined when it passes. */
const checkConnection = async (
  slot: FieldSlot,
  value: StoredModelValue,
  checks: WriteChecks
): Promise<Problem | undefined> => {
  const id = connectionOf(value);
  const record = await checks.connection(id);
  // Values without a connection keep their meaning when no default is set up yet (delivery
  // answers MATTERPORT_NOT_CONFIGURED for them), as before connections existed.
  if (!record && id !== DEFAULT_CONNECTION_ID)
    return problemAt(slot, `there is no Matterport connection "${id}".`);
  const allowed = slot.field.connections;
  if (allowed && !allowed.includes(id))
    return problemAt(
      slot,
      `this field does not take spaces of the Matterport connection "${id}" (it allows ${quoteList(allowed)}).`
    );
  if (!record) return undefined;
  if (checks.user && !mayUse(checks.user, record))
    return problemAt(
      slot,
      `your roles may not use the Matterport connection "${id}".`,
      'ForbiddenError'
    );
  // The default's values are checked for their format only, as before connections existed.
  if (id === DEFAULT_CONNECTION_ID) return undefined;
  if ((await checks.holds(value.modelId, id)) === false)
    return problemAt(slot, `the connection "${id}" has no model "${value.modelId}".`);
  return undefined;
};

const fail = (problems: Problem[]): never => {
  const message =
    problems.length === 1
      ? problems[0].message
      : `${problems.length} Matterport fields are invalid: ${problems.map((p) => p.message).join(' ')}`;
  // A write refused only for the admin's roles is a 403; anything wrong with a value, a 400.
  // (A PolicyError, the one ForbiddenError Strapi's authorize middleware lets through with its
  // message and details; any other becomes a bare "Forbidden" that names no field.)
  if (problems.every((p) => p.name === 'ForbiddenError'))
    throw new errors.PolicyError(message, { errors: problems });
  throw new errors.ValidationError(message, { errors: problems });
};

/**
 * Every write path (Content Manager, REST, GraphQL, Document Service) goes through
 * here: values are normalised to { modelId, connection?, name? } or refused with a
 * ValidationError naming the field, before anything is saved. With `checks`, each value's
 * connection must exist, be allowed by the field's `connections` option and by the admin's
 * roles, and hold the model.
 */
export const normalizeWriteData = async (
  plans: ReadonlyMap<string, SchemaPlan>,
  uid: string,
  data: unknown,
  checks?: WriteChecks
): Promise<void> => {
  if (!data || typeof data !== 'object') return;
  const slots = collectSlots(plans, uid, data, { followRelations: false, paths: true });
  const problems: Problem[] = [];
  const values: Array<{ slot: FieldSlot; value: StoredModelValue }> = [];
  for (const slot of slots) {
    try {
      const value = normalizeModelValue(slot.holder[slot.field.key]);
      slot.holder[slot.field.key] = value;
      if (value) values.push({ slot, value });
    } catch (error) {
      if (!(error instanceof FieldValueError)) throw error;
      problems.push(problemAt(slot, error.message));
    }
  }
  if (problems.length) fail(problems);
  if (!checks) return;
  const outcomes = await Promise.all(
    values.map(({ slot, value }) => checkConnection(slot, value, checks))
  );
  const refused = outcomes.filter((p): p is Problem => p !== undefined);
  if (refused.length) fail(refused);
};

import { errors } from '@strapi/utils';

import { FieldValueError, normalizeModelValue } from '../../../common/field-value';
import { collectSlots, type SchemaPlan } from '../delivery/plan';

/**
 * Every write path (Content Manager, REST, GraphQL, Document Service) goes through
 * here: values are normalised to { modelId, name? } or refused with a ValidationError
 * naming the field, before anything is saved.
 */
export const normalizeWriteData = (
  plans: ReadonlyMap<string, SchemaPlan>,
  uid: string,
  data: unknown
): void => {
  if (!data || typeof data !== 'object') return;
  const slots = collectSlots(plans, uid, data, { followRelations: false, paths: true });
  const problems: Array<{ path: string[]; message: string; name: string }> = [];
  for (const slot of slots) {
    try {
      slot.holder[slot.field.key] = normalizeModelValue(slot.holder[slot.field.key]);
    } catch (error) {
      if (!(error instanceof FieldValueError)) throw error;
      problems.push({
        path: slot.path,
        message: `${slot.path.join('.')}: ${error.message}`,
        name: 'ValidationError',
      });
    }
  }
  if (problems.length) {
    throw new errors.ValidationError(
      problems.length === 1
        ? problems[0].message
        : `${problems.length} Matterport fields are invalid: ${problems.map((p) => p.message).join(' ')}`,
      { errors: problems }
    );
  }
};

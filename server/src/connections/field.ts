import type { Core } from '@strapi/strapi';

import { parseFieldOptions } from '../../../common/showcase';
import { invalid } from '../errors';
import { isMatterportAttribute } from '../delivery/plan';

/**
 * The connections a Matterport field allows (its `connections` option), for the picker's
 * routes: `uid` is the content type or component holding the attribute, `field` its name (a
 * field inside a component is named by the component's uid). Undefined: every connection.
 * A uid or field that names no Matterport field is the caller's mistake (400 naming it).
 */
export const fieldConnections = (
  strapi: Core.Strapi,
  uid: string,
  field: string
): string[] | undefined => {
  type Schemas = Record<string, { attributes?: Record<string, unknown> } | undefined>;
  const schema =
    (strapi.contentTypes as unknown as Schemas)[uid] ??
    (strapi.components as unknown as Schemas)[uid];
  if (!schema) throw invalid(`There is no content type or component "${uid}".`, 'uid');
  const attribute = Object.prototype.hasOwnProperty.call(schema.attributes ?? {}, field)
    ? schema.attributes?.[field]
    : undefined;
  if (!isMatterportAttribute(attribute))
    throw invalid(`"${field}" is not a Matterport field of ${uid}.`, 'field');
  // Start-up parsed every field's options already (a bad one stops it), so this cannot throw.
  return parseFieldOptions((attribute as { options?: unknown }).options).connections;
};

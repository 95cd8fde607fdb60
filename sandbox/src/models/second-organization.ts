import type { OrganizationSpec } from '../organizations';
import type { ModelRecord } from './types';

/*
 * A second Matterport organisation (an estate agency), for what one Strapi serving several
 * organisations needs: its own OAuth application and its own spaces, none of whose IDs the first
 * organisation holds. One space is named like one of the first organisation's ("Lobby"), so a
 * search shows which organisation answered.
 */
const model = (
  id: string,
  name: string,
  created: string,
  state: ModelRecord['state'] = 'active'
): ModelRecord =>
  Object.freeze({
    id,
    name,
    description: null,
    created,
    modified: created,
    state,
    accessVisibility: 'private',
    demo: false,
    publicDescription: null,
  });

export const SECOND_ORGANIZATION: Readonly<OrganizationSpec> = Object.freeze({
  id: 'harbour-estates',
  name: 'Harbour Estates',
  clients: Object.freeze([
    Object.freeze({
      clientId: 'harbour-client-id',
      clientSecret: 'harbour-client-secret-fedcba9876543210',
    }),
  ]),
  models: Object.freeze([
    model('Hb7kQ2mZp4X', 'Harbour Estates Penthouse', '2024-05-02T10:00:00Z'),
    model('Tq3LmN8vR2c', 'Marina Apartment 12', '2023-08-19T09:30:00Z'),
    model('Zx9Pw4Ks7Lb', 'Harbour Estates Lobby', '2022-11-11T11:11:00Z'),
    model('Gf5Rt1Yu8Io', 'Sold: Quay Cottage (archived)', '2021-02-14T15:00:00Z', 'inactive'),
  ]),
});

import type { ModelView } from '../../common/contracts/models';

export const model = (id: string, name: string, extra: Partial<ModelView> = {}): ModelView => ({
  id,
  name,
  state: 'active',
  accessVisibility: 'private',
  created: '2024-01-01T00:00:00Z',
  modified: '2024-02-01T00:00:00Z',
  thumbnailUrl: `/matterport/models/${id}/thumbnail`,
  connection: 'default',
  ...extra,
});

export const LOBBY = model('SxQL3iGyoDo', 'Lobby');
export const ROOFTOP = model('Rf00ftop123', 'Rooftop terrace', { accessVisibility: 'public' });
export const BASEMENT = model('Ba5ementXyZ', 'Old basement', {
  state: 'inactive',
  accessVisibility: 'unlisted',
});

/**
 * Matterport Views (documented: up to 10 per space, 25-character IDs, each with its own tags and
 * tours; `model { views { id name type modified } }`; a View ID stands in a Showcase URL as
 * `m=<viewId>`). Every space has its base View, whose ID is the model's own ID (Matterport's
 * sample shows it first, type `matterport.model.layered`); user Views have type
 * `matterport.user.view`.
 *
 * Sandbox choice: each View also has `start`, the Showcase `start` value where the View opens.
 * Public material shows no such field; it is what a client needs when Private Model Embed
 * refuses a View ID (mode `viewEmbeds: refuse`) and the link must open the model at the View's
 * start instead.
 */
export interface ViewRecord {
  id: string;
  name: string;
  type: 'matterport.model.layered' | 'matterport.user.view';
  /** ISO-8601 UTC. */
  modified: string;
  /** Sandbox choice (see above); null for the base View. */
  start: string | null;
}

export const MAX_VIEWS_PER_MODEL = 10;

type UserView = [id: string, name: string, modified: string, start: string];

/** User Views of seeded spaces (the other spaces have their base View only). */
const USER_VIEWS: Readonly<Record<string, readonly UserView[]>> = {
  // North Tower Lobby (Level 2), private.
  XddYUqNaTWl: [
    ['0ehmdabhd31ra7pyai5igb9sb', 'Training View', '2023-11-16T17:38:05Z', 'sweep-12,0.5'],
    ['w3mc532z2qgs2i20z0wz1y0wc', 'Data View', '2023-11-16T18:12:45Z', 'sweep-3,1.25'],
  ],
  // Riverside Office, Floor 3, private.
  dqhBZIb8Ntn: [['k7r2m9q4t1v8x3z6b5n0c2d4f', 'Furnished View', '2024-02-02T09:00:00Z', 'sweep-7']],
};

/** A space's Views, base View first (the model ID names the base View). */
export function viewsOf(modelId: string, modified: string): ViewRecord[] {
  return [
    { id: modelId, name: 'Main View', type: 'matterport.model.layered', modified, start: null },
    ...(USER_VIEWS[modelId] ?? []).map(
      ([id, name, at, start]): ViewRecord => ({
        id,
        name,
        type: 'matterport.user.view',
        modified: at,
        start,
      })
    ),
  ];
}

/** The model a user View belongs to, by View ID (seeded spaces). */
const MODEL_OF_VIEW: ReadonlyMap<string, string> = new Map(
  Object.entries(USER_VIEWS).flatMap(([modelId, views]) =>
    views.map(([viewId]) => [viewId, modelId] as const)
  )
);

/** The model a 25-character View ID belongs to, or undefined. */
export function modelOfView(viewId: string): string | undefined {
  return MODEL_OF_VIEW.get(viewId);
}

/** The user View of this ID, or undefined. */
export function userView(viewId: string): ViewRecord | undefined {
  const modelId = MODEL_OF_VIEW.get(viewId);
  return modelId ? viewsOf(modelId, '').find((v) => v.id === viewId) : undefined;
}

/**
 * Matterport model IDs are 11 characters of letters and digits (e.g. SxQL3iGyoDo).
 * Anything else is refused before it reaches a GraphQL variable or a URL.
 */
const MODEL_ID = /^[A-Za-z0-9]{11}$/;

export class ModelIdError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelIdError';
  }
}

export const isModelId = (value: unknown): value is string =>
  typeof value === 'string' && MODEL_ID.test(value);

export const parseModelId = (value: unknown): string => {
  if (typeof value !== 'string') {
    throw new ModelIdError('A Matterport model ID must be a string of 11 letters and digits.');
  }
  const id = value.trim();
  if (id.length !== 11) {
    throw new ModelIdError(
      `A Matterport model ID has exactly 11 letters and digits; "${shorten(id)}" has ${id.length} characters.`
    );
  }
  if (!MODEL_ID.test(id)) {
    throw new ModelIdError(
      `A Matterport model ID has only letters and digits; "${shorten(id)}" has other characters.`
    );
  }
  return id;
};

const shorten = (text: string): string => (text.length > 40 ? `${text.slice(0, 40)}…` : text);

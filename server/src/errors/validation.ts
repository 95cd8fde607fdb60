import { errors } from '@strapi/utils';
import type { z } from 'zod';

type Issue = z.core.$ZodIssue;
type Path = string | ReadonlyArray<PropertyKey>;

/** A path as Strapi's validateZodSchema gives it: one string per segment ("filter.ids.0" → ['filter', 'ids', '0']). */
const segments = (path: Path): string[] =>
  typeof path === 'string' ? (path ? path.split('.') : []) : path.map(String);

/**
 * Bad input, as Strapi's own validators report it: a ValidationError (400) whose
 * `details.errors[]` names the field (`{ path, message, name }`). Without a path the
 * error is about the request as a whole and `details` is empty.
 */
export const invalid = (message: string, path: Path = []): errors.ValidationError => {
  const at = segments(path);
  return new errors.ValidationError(
    message,
    at.length ? { errors: [{ path: at, message, name: 'ValidationError' }] } : {}
  );
};

export interface ValidateOptions {
  /** The message for the first issue (default: the issue's message, led by its path). */
  describe?: (issue: Issue, path: string) => string;
  /** The message for unknown keys (default: names them and lists the accepted ones, if given). */
  unknownKeys?: (keys: string[]) => string;
  /** The keys a strict object accepts, named when an unknown one is sent. */
  accepted?: readonly string[];
  /** Where a lone value sits in the request (a path parameter such as "modelId"). */
  at?: string;
}

const pathOf = (issue: Issue, at: string | undefined): string[] => {
  const path = [...segments(at ?? ''), ...issue.path.map(String)];
  // An unknown key is named by its own path, so the admin's form can point at it.
  return issue.code === 'unrecognized_keys' ? [...path, issue.keys[0] ?? ''] : path;
};

const defaultDescribe = (issue: Issue, path: string): string =>
  issue.message.startsWith(path) || !path ? issue.message : `${path}: ${issue.message}`;

/**
 * The one zod-to-400 adapter: the parsed value, or a ValidationError shaped like Strapi's
 * validateZodSchema (`details.errors[]` with one `{ path, message, name }` per issue). The
 * message is the first issue's, naming its field, so that it can be shown as it is.
 * (`@strapi/utils`' validateZodSchema cannot be used: it checks `instanceof ZodError` against
 * its own copy of zod.)
 */
export const validate = <S extends z.ZodType>(
  schema: S,
  input: unknown,
  options: ValidateOptions = {}
): z.output<S> => {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const describe = options.describe ?? defaultDescribe;
  const messageOf = (issue: Issue): string => {
    if (issue.code !== 'unrecognized_keys') return describe(issue, issue.path.join('.'));
    const prefix = issue.path.length ? `${issue.path.join('.')}.` : '';
    const keys = issue.keys.map((k) => prefix + k);
    if (options.unknownKeys) return options.unknownKeys(keys);
    const accepted = options.accepted?.length ? ` Use ${options.accepted.join(', ')}.` : '';
    return `Unknown parameter(s): ${keys.join(', ')}.${accepted}`;
  };
  const issues = parsed.error.issues.map((issue) => ({
    path: pathOf(issue, options.at),
    message: messageOf(issue),
    name: 'ValidationError',
  }));
  throw new errors.ValidationError(issues[0].message, { errors: issues });
};

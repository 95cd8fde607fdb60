import {
  Kind,
  valueFromASTUntyped,
  type DocumentNode,
  type FieldNode,
  type SelectionSetNode,
} from 'graphql';
import type { FaultTarget } from '../control-types';

/** One root field of the operation a request will run, with its arguments read from the query and variables. */
export interface RootField {
  name: string;
  args: Record<string, unknown>;
}

/**
 * The root fields of the operation graphql-js would run, read before
 * validation so that counters and faults see every request, also those
 * that will fail. Unknown or ambiguous operations give no fields.
 */
export function rootFields(
  document: DocumentNode,
  operationName: string | null,
  variables: Record<string, unknown>
): RootField[] {
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const operation =
    operationName === null
      ? operations.length === 1
        ? operations[0]
        : undefined
      : operations.find((o) => o.name?.value === operationName);
  if (!operation) return [];
  const fragments = new Map(
    document.definitions.flatMap((d) =>
      d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d.selectionSet] as const] : []
    )
  );
  return collect(operation.selectionSet, fragments, new Set()).map((field) => ({
    name: field.name.value,
    args: Object.fromEntries(
      (field.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value, variables)])
    ),
  }));
}

function collect(
  set: SelectionSetNode,
  fragments: ReadonlyMap<string, SelectionSetNode>,
  seen: Set<string>
): FieldNode[] {
  return set.selections.flatMap((selection): FieldNode[] => {
    switch (selection.kind) {
      case Kind.FIELD:
        return [selection];
      case Kind.INLINE_FRAGMENT:
        return collect(selection.selectionSet, fragments, seen);
      case Kind.FRAGMENT_SPREAD: {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        // A fragment cycle is a validation error later; here it must just not loop.
        if (!fragment || seen.has(name)) return [];
        return collect(fragment, fragments, new Set([...seen, name]));
      }
    }
  });
}

const FAULT_TARGET_BY_FIELD: Readonly<Record<string, FaultTarget>> = {
  models: 'list',
  model: 'list',
  createPrivateModelEmbedLink: 'mint',
  createPrivateModelEmbedToken: 'mint',
  deletePrivateModelEmbedToken: 'revoke',
};

/** The fault targets (besides `graph`) a request with these root fields falls under. */
export function faultTargets(fields: readonly RootField[]): FaultTarget[] {
  return [...new Set(fields.flatMap((f) => FAULT_TARGET_BY_FIELD[f.name] ?? []))];
}

/** Every model a mint in these root fields is for, once per mint. */
export function mintedModelIds(fields: readonly RootField[]): string[] {
  return fields.flatMap((f) => {
    if (f.name === 'createPrivateModelEmbedLink') return stringList([f.args.modelId]);
    if (f.name === 'createPrivateModelEmbedToken') return stringList(f.args.modelIds);
    return [];
  });
}

/** The strings in a value read from a query (a list, or one value standing for a list of one, as GraphQL coerces it). */
export function stringList(value: unknown): string[] {
  const items = Array.isArray(value) ? value : [value];
  return items.filter((v): v is string => typeof v === 'string');
}

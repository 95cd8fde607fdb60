import { ConfigError } from '../config';
import type { ModelChange, ModelEventPayloadView } from '../control-types';
import type { AccessVisibility, ModelRecord } from '../models/types';
import type { SandboxState } from '../state';
import type { ModelEvent } from './webhooks';

const VISIBILITIES: readonly AccessVisibility[] = ['private', 'unlisted', 'public', 'password'];

/** Where a space taken out of its organisation went, so `restore` can bring it back. */
export interface RemovedSpace {
  record: ModelRecord;
  organization: string;
  reason: 'deleted' | 'transferred';
}

/** Reads one change from a control request; throws ConfigError (400) on anything else. */
export function parseChange(value: unknown): ModelChange {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ConfigError('each change is a JSON object');
  const raw = value as Record<string, unknown>;
  switch (raw.change) {
    case 'delete':
    case 'deactivate':
    case 'activate':
    case 'restore':
      return { change: raw.change };
    case 'transfer':
      if (raw.to !== undefined && typeof raw.to !== 'string')
        throw new ConfigError('"to" must be an organisation id');
      return raw.to === undefined ? { change: 'transfer' } : { change: 'transfer', to: raw.to };
    case 'visibility':
      if (!VISIBILITIES.includes(raw.accessVisibility as AccessVisibility))
        throw new ConfigError(`"accessVisibility" must be one of ${VISIBILITIES.join(', ')}`);
      return { change: 'visibility', accessVisibility: raw.accessVisibility as AccessVisibility };
    case 'details':
      if (raw.name !== undefined && (typeof raw.name !== 'string' || raw.name === ''))
        throw new ConfigError('"name" must be a non-empty string');
      if (
        raw.publicDescription !== undefined &&
        raw.publicDescription !== null &&
        typeof raw.publicDescription !== 'string'
      )
        throw new ConfigError('"publicDescription" must be a string or null');
      return {
        change: 'details',
        ...(raw.name === undefined ? {} : { name: raw.name as string }),
        ...(raw.publicDescription === undefined
          ? {}
          : { publicDescription: raw.publicDescription as string | null }),
      };
    default:
      throw new ConfigError(
        '"change" must be delete, transfer, deactivate, activate, restore, visibility or details'
      );
  }
}

/**
 * Applies changes to a space, in order, as an admin would at Matterport, and posts the model
 * events they cause to the callbacks of the organisations concerned. Throws ConfigError (400)
 * for a change that cannot apply (nothing is changed then, not even by earlier changes of the
 * list: they are checked on a copy first).
 */
export function applyChanges(
  state: SandboxState,
  modelId: string,
  changes: readonly ModelChange[]
): ModelEventPayloadView[] {
  // Checked first on a dry run, so a bad list changes nothing.
  runChanges(state, modelId, changes, true);
  const events = runChanges(state, modelId, changes, false);
  return state.webhooks.dispatch(events, state.modes);
}

function runChanges(
  state: SandboxState,
  modelId: string,
  changes: readonly ModelChange[],
  dryRun: boolean
): ModelEvent[] {
  const { organizations } = state;
  let holder = organizations.holderOf(modelId);
  let record = holder === undefined ? undefined : state.catalogue.get(modelId);
  let removed = state.removedSpaces.get(modelId);
  const events: ModelEvent[] = [];
  // Each change a millisecond apart, so their timestamps order them.
  let at = Date.now();
  const event = (organization: string, type: string, body: Record<string, unknown>) =>
    events.push({ organization, modelId, type, body, at: at++ });
  const present = (): { record: ModelRecord; holder: string } => {
    if (!record || holder === undefined)
      throw new ConfigError(`model "${modelId}" is not in any organisation now`);
    return { record, holder };
  };
  const replace = (next: ModelRecord, organization: string) => {
    record = next;
    holder = organization;
    if (!dryRun) organizations.put(organization, next);
  };

  for (const change of changes) {
    switch (change.change) {
      case 'delete': {
        const current = present();
        removed = { record: current.record, organization: current.holder, reason: 'deleted' };
        if (!dryRun) {
          organizations.remove(modelId);
          state.removedSpaces.set(modelId, removed);
        }
        record = undefined;
        holder = undefined;
        event(current.holder, 'deleted', {});
        break;
      }
      case 'transfer': {
        const current = present();
        if (change.to !== undefined && !organizations.has(change.to))
          throw new ConfigError(`unknown organisation "${change.to}"`);
        if (change.to === current.holder)
          throw new ConfigError(`model "${modelId}" is already in "${change.to}"`);
        if (!dryRun) organizations.remove(modelId);
        event(current.holder, 'transferred_out', {});
        if (change.to !== undefined) {
          replace(current.record, change.to);
          event(change.to, 'transferred_in', {});
        } else {
          removed = { record: current.record, organization: current.holder, reason: 'transferred' };
          if (!dryRun) state.removedSpaces.set(modelId, removed);
          record = undefined;
          holder = undefined;
        }
        break;
      }
      case 'deactivate':
      case 'activate': {
        const current = present();
        const next = change.change === 'activate' ? 'active' : 'inactive';
        if (current.record.state === next)
          throw new ConfigError(`model "${modelId}" is ${next} already`);
        const previous = current.record.state;
        replace({ ...current.record, state: next }, current.holder);
        event(
          current.holder,
          'activation_state_changed',
          state.modes.activationBody === 'active-flag'
            ? { active: next === 'active' }
            : { previous: { state: previous }, current: { state: next } }
        );
        break;
      }
      case 'restore': {
        if (!removed || record)
          throw new ConfigError(`model "${modelId}" was not deleted or transferred away`);
        const back = removed;
        replace({ ...back.record, state: 'active' }, back.organization);
        removed = undefined;
        if (!dryRun) state.removedSpaces.delete(modelId);
        event(back.organization, back.reason === 'deleted' ? 'restored' : 'transferred_in', {});
        break;
      }
      case 'visibility': {
        const current = present();
        const previous = current.record.accessVisibility;
        replace({ ...current.record, accessVisibility: change.accessVisibility }, current.holder);
        event(current.holder, 'visibility_changed', {
          previous: { accessVisibility: previous },
          current: { accessVisibility: change.accessVisibility },
        });
        break;
      }
      case 'details': {
        const current = present();
        const next = {
          ...current.record,
          ...(change.name === undefined ? {} : { name: change.name }),
          ...(change.publicDescription === undefined
            ? {}
            : { publicDescription: change.publicDescription }),
          modified: new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        };
        replace(next, current.holder);
        // Sandbox choice: the changed fields, before and after (the documentation lists the
        // fields details_changed covers, not the body's shape).
        const pick = (r: ModelRecord) => ({
          ...(change.name === undefined ? {} : { name: r.name }),
          ...(change.publicDescription === undefined
            ? {}
            : { publication: { description: r.publicDescription } }),
        });
        event(current.holder, 'details_changed', {
          previous: pick(current.record),
          current: pick(next),
        });
        break;
      }
    }
  }
  return events;
}

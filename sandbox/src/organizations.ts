import { ConfigError } from './config';
import type { ClientCredentials, OrganizationView } from './control-types';
import { ModelCatalogue } from './models/catalogue';
import type { ModelRecord } from './models/types';

/** One Matterport organisation as the sandbox is given it: its OAuth applications and its spaces. */
export interface OrganizationSpec {
  /** A short name for tests and the control endpoint (Matterport's own org IDs are opaque). */
  id: string;
  name: string;
  clients: readonly ClientCredentials[];
  models: readonly ModelRecord[];
}

interface Organization {
  id: string;
  name: string;
  catalogue: ModelCatalogue;
}

/**
 * The organisations the sandbox plays, and which one each client belongs to. In Matterport an
 * OAuth application belongs to exactly one organisation and a model ID names one space in one
 * organisation; what a client may see, mint and revoke follows from its organisation.
 */
export class Organizations {
  private readonly byId: ReadonlyMap<string, Organization>;
  private readonly initialMembers: ReadonlyMap<string, string>;
  private members: Map<string, string>;
  /** Every space of every organisation, for look-ups by model ID (IDs are unique across them). */
  readonly allModels: ModelCatalogue;
  readonly defaultId: string;

  constructor(specs: readonly OrganizationSpec[]) {
    if (specs.length === 0) throw new ConfigError('at least one organisation is needed');
    const byId = new Map<string, Organization>();
    const members = new Map<string, string>();
    const modelOwner = new Map<string, string>();
    for (const spec of specs) {
      if (byId.has(spec.id)) throw new ConfigError(`organisation "${spec.id}" is given twice`);
      for (const client of spec.clients) {
        const other = members.get(client.clientId);
        if (other !== undefined)
          throw new ConfigError(
            `client "${client.clientId}" is in organisations "${other}" and "${spec.id}"; a client belongs to one`
          );
        members.set(client.clientId, spec.id);
      }
      for (const model of spec.models) {
        const other = modelOwner.get(model.id);
        if (other !== undefined)
          throw new ConfigError(
            `model "${model.id}" is in organisations "${other}" and "${spec.id}"; a model ID names one space`
          );
        modelOwner.set(model.id, spec.id);
      }
      byId.set(spec.id, {
        id: spec.id,
        name: spec.name,
        catalogue: new ModelCatalogue(spec.models),
      });
    }
    this.byId = byId;
    this.initialMembers = new Map(members);
    this.members = members;
    this.allModels = new ModelCatalogue(specs.flatMap((s) => s.models));
    this.defaultId = (specs[0] as OrganizationSpec).id;
  }

  /** The organisation a client belongs to; `undefined` for a client the sandbox does not know. */
  of(clientId: string): string | undefined {
    return this.members.get(clientId);
  }

  /** The spaces this client's organisation holds (an unknown client sees none). */
  catalogueFor(clientId: string): ModelCatalogue {
    const org = this.byId.get(this.members.get(clientId) ?? '');
    return org?.catalogue ?? EMPTY;
  }

  /** Whether this client's organisation holds this model. */
  holds(clientId: string, modelId: string): boolean {
    const org = this.byId.get(this.members.get(clientId) ?? '');
    return org?.catalogue.get(modelId) !== undefined;
  }

  /** The organisation holding a space now (undefined: deleted, transferred away, or unknown). */
  holderOf(modelId: string): string | undefined {
    for (const org of this.byId.values()) if (org.catalogue.get(modelId)) return org.id;
    return undefined;
  }

  /** Whether an organisation of this id exists. */
  has(organization: string): boolean {
    return this.byId.has(organization);
  }

  /** Puts a space (new, changed or transferred in) into an organisation. */
  put(organization: string, record: ModelRecord): void {
    const org = this.byId.get(organization);
    if (!org) throw new ConfigError(`unknown organisation "${organization}"`);
    org.catalogue.put(record);
    this.allModels.put(record);
  }

  /** Takes a space out of its organisation (deleted or transferred away). */
  remove(modelId: string): ModelRecord | undefined {
    const holder = this.byId.get(this.holderOf(modelId) ?? '');
    const record = holder?.catalogue.remove(modelId);
    if (record) this.allModels.remove(modelId);
    return record;
  }

  /**
   * Puts a new client in an organisation (default: the first); a known client stays where it is.
   * Throws `ConfigError`, changing nothing, for an unknown organisation or a move.
   */
  admit(clientId: string, organization?: string): void {
    const target = organization ?? this.members.get(clientId) ?? this.defaultId;
    if (!this.byId.has(target)) throw new ConfigError(`unknown organisation "${target}"`);
    const current = this.members.get(clientId);
    if (current !== undefined && current !== target)
      throw new ConfigError(`client "${clientId}" belongs to organisation "${current}"`);
    this.members.set(clientId, target);
  }

  list(): OrganizationView[] {
    return [...this.byId.values()].map((org) => ({
      id: org.id,
      name: org.name,
      clientIds: [...this.members].filter(([, id]) => id === org.id).map(([clientId]) => clientId),
      modelIds: org.catalogue.ids(),
    }));
  }

  reset(): void {
    this.members = new Map(this.initialMembers);
    for (const org of this.byId.values()) org.catalogue.reset();
    this.allModels.reset();
  }
}

const EMPTY = new ModelCatalogue([]);

import type { Core } from '@strapi/strapi';

import type { AuditEntry, GetAudit } from '../../../common/contracts/ops';
import { AUDIT_UID } from '../../../common/plugin';
import { PluginHttpError } from '../errors';
import type { Actor } from '../events';

/** What the audit trail records (Strapi's Enterprise audit logs get them as `matterport.<action>`). */
export const AUDIT_ACTIONS = [
  'settings.update',
  'link.revoke',
  'credentials.test',
  'breaker.open',
  'breaker.close',
  'encryption.reencrypt',
  'connection.create',
  'connection.update',
  'connection.delete',
  'model.event',
  'model-events.register',
  'model-events.unregister',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

// Belt and braces: no event carries a secret, but a key that names one never reaches a row.
const FORBIDDEN_KEY = /^(clientSecret|secret|accessToken|token|link|password|authorization)$/i;
const scrub = (value: unknown, depth = 0): unknown => {
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([key]) => !FORBIDDEN_KEY.test(key))
      .map(([key, v]) => [key, scrub(v, depth + 1)])
  );
};

/**
 * The database refused an audit entry: the change it would have recorded is not made. A
 * truthful report, answered 500 with its message (not Strapi's bare "Internal Server Error").
 */
export class AuditWriteError extends PluginHttpError {
  constructor(what: string, cause: Error) {
    super(
      500,
      'AuditWriteError',
      `Nothing was done: the audit trail could not record ${what} (the database refused the entry; see the server log).`
    );
    this.cause = cause;
  }
}

interface AuditRow {
  id: number;
  action: string;
  actor: string;
  /** Null for the plugin itself, and on rows written before ids were recorded. */
  actorId?: number | null;
  actorEmail?: string | null;
  at: string | Date;
  details: Record<string, unknown> | null;
}

const toEntry = (row: AuditRow): AuditEntry => ({
  id: row.id,
  action: row.action,
  actor: row.actor,
  actorId: row.actorId ?? null,
  actorEmail: row.actorEmail ?? null,
  at: new Date(row.at).toISOString(),
  details: row.details ?? {},
});

/** The columns an actor is written to. */
const actorColumns = (actor: Actor) => ({
  actor: actor.name,
  actorId: actor.id,
  actorEmail: actor.email,
});

/**
 * The audit trail: an internal table (never in the content API), and, where Strapi's
 * Enterprise audit logs run, the same facts sent there too.
 */
export const createAudit = (strapi: Core.Strapi) => {
  const query = () => strapi.db.query(AUDIT_UID);
  const enterprise = () => {
    const container = strapi as unknown as { has?: (name: string) => boolean };
    return typeof container.has === 'function' && container.has('audit-logs-lifecycle');
  };

  return {
    /** Tells Strapi's Enterprise audit logs about the plugin's actions (when they are there: EE with a licence). */
    registerEnterprise(): boolean {
      if (!enterprise()) return false;
      const lifecycle = strapi.get('audit-logs-lifecycle') as {
        registerEvent?: (name: string, transform: (payload: unknown) => unknown) => void;
      };
      if (typeof lifecycle.registerEvent !== 'function') return false;
      for (const action of AUDIT_ACTIONS) {
        lifecycle.registerEvent(`matterport.${action}`, (payload) => ({
          resource: { type: 'matterport', action },
          details: scrub(payload),
          outcome: (payload as { outcome?: string } | undefined)?.outcome ?? 'success',
        }));
      }
      return true;
    },

    /**
     * Writes one entry; throws when the database refuses it. Called before answering (inside
     * the change's transaction where there is one), so a change is never left unrecorded.
     */
    async record(
      action: AuditAction,
      actor: Actor,
      details: Record<string, unknown>,
      options: { toEnterprise?: boolean } = {}
    ): Promise<void> {
      const clean = scrub(details) as Record<string, unknown>;
      await query().create({
        data: { action, ...actorColumns(actor), at: new Date(), details: clean },
      });
      // Webhook events (settings.update, link.revoke) are on the event hub already; the others go there
      // only for the Enterprise audit logs.
      if (options.toEnterprise && enterprise())
        await strapi.eventHub.emit(`matterport.${action}`, { actor, ...clean });
    },

    /**
     * For a change that cannot be undone once made (a revocation at Matterport): the entry is
     * written BEFORE the change (if the database refuses it, the change is not made), and
     * completed with the outcome after. Answers the function that completes it.
     */
    async begin(
      action: AuditAction,
      actor: Actor,
      details: Record<string, unknown>
    ): Promise<(outcome: Record<string, unknown>) => Promise<void>> {
      const started = scrub({ ...details, outcome: 'started' }) as Record<string, unknown>;
      let row: AuditRow;
      try {
        row = (await query().create({
          data: { action, ...actorColumns(actor), at: new Date(), details: started },
        })) as AuditRow;
      } catch (error) {
        strapi.log.error(
          `[matterport] could not record the audit entry ${action}: ${(error as Error).message}`
        );
        throw new AuditWriteError(`this ${action}`, error as Error);
      }
      return async (outcome) => {
        await query().update({
          where: { id: row.id },
          data: { details: scrub({ ...details, ...outcome }) as Record<string, unknown> },
        });
      };
    },

    async list(filter: {
      page: number;
      pageSize: number;
      action?: string;
      actor?: string;
      from?: Date;
      to?: Date;
    }): Promise<GetAudit.Response> {
      const and: Array<Record<string, unknown>> = [];
      if (filter.action) and.push({ action: filter.action });
      if (filter.actor) {
        // By the name or email the entry recorded, or by the admin's id ("42" or "#42").
        const id = /^#?(\d{1,15})$/.exec(filter.actor.trim())?.[1];
        and.push({
          $or: [
            { actor: { $containsi: filter.actor } },
            { actorEmail: { $containsi: filter.actor } },
            ...(id ? [{ actorId: Number(id) }] : []),
          ],
        });
      }
      if (filter.from) and.push({ at: { $gte: filter.from } });
      if (filter.to) and.push({ at: { $lte: filter.to } });
      const where = and.length ? { $and: and } : {};
      const [total, rows] = await Promise.all([
        query().count({ where }) as Promise<number>,
        query().findMany({
          where,
          orderBy: [{ at: 'desc' }, { id: 'desc' }],
          offset: (filter.page - 1) * filter.pageSize,
          limit: filter.pageSize,
        }) as Promise<AuditRow[]>,
      ]);
      return {
        data: rows.map(toEntry),
        meta: {
          pagination: {
            page: filter.page,
            pageSize: filter.pageSize,
            total: Number(total),
            pageCount: Math.ceil(Number(total) / filter.pageSize),
          },
        },
      };
    },
  };
};

export type Audit = ReturnType<typeof createAudit>;

import type { Core } from '@strapi/strapi';

import type { LinkListItem } from '../../../common/contracts/links';
import type { Pagination } from '../../../common/contracts/shared';
import { DEFAULT_CONNECTION_ID } from '../../../common/connection-id';
import { LINK_UID } from '../../../common/plugin';
import { toListItem, type LinkQuery, type LinkRow, type LinkSortField } from './rows';

/**
 * The links list counts its matches up to this many; past it, the total says "at least
 * LINKS_TOTAL_CAP" (pagination.totalExact false) instead of counting a million rows per page.
 */
export const LINKS_TOTAL_CAP = 10_000;

/**
 * The rows of one connection. Rows written before connections have no `connection` (null): they
 * are the default's, so `default` matches them too.
 */
export const connectionWhere = (connection: string): Record<string, unknown> =>
  connection === DEFAULT_CONNECTION_ID
    ? { $or: [{ connection: DEFAULT_CONNECTION_ID }, { connection: null }] }
    : { connection };

/**
 * The ledger as the admin and the watches read it: the links page (filters, pages, the
 * capped total), the matches of a bulk revocation, the counts of the health panel and the
 * expiring-links watch. Reads a link minted a moment ago must see wait for `flushRecords`.
 */
export const createLinkQueries = (strapi: Core.Strapi, flushRecords: () => Promise<void>) => {
  const query = () => strapi.db.query(LINK_UID);
  const knex = () => strapi.db.connection;

  const queries = {
    /** The where clause of a links query; every branch is served by one of the ledger's indexes. */
    whereOf(filter: LinkQuery, now = new Date()): Record<string, unknown> {
      const and: Array<Record<string, unknown>> = [];
      if (filter.ids) and.push({ id: { $in: filter.ids } });
      if (filter.modelIds)
        and.push({
          modelId: filter.modelIds.length === 1 ? filter.modelIds[0] : { $in: filter.modelIds },
        });
      if (filter.connection) and.push(connectionWhere(filter.connection));
      if (filter.purpose) and.push({ purpose: filter.purpose });
      if (filter.from) and.push({ createdAt: { $gte: filter.from } });
      if (filter.to) and.push({ createdAt: { $lte: filter.to } });
      if (filter.active === true) and.push({ revokedAt: null, validUntil: { $gt: now } });
      if (filter.active === false)
        and.push({ $or: [{ revokedAt: { $notNull: true } }, { validUntil: { $lte: now } }] });
      switch (filter.status) {
        case 'usable':
          // Active, or a revocation failed: either way the link still works at Matterport.
          and.push({ revokedAt: null, validUntil: { $gt: now } });
          break;
        case 'active':
          and.push({ revokedAt: null, validUntil: { $gt: now }, revokeError: null });
          break;
        case 'failed':
          and.push({ revokedAt: null, validUntil: { $gt: now }, revokeError: { $notNull: true } });
          break;
        case 'expired':
          and.push({ revokedAt: null, validUntil: { $lte: now } });
          break;
        case 'revoked':
          and.push({ revokedAt: { $notNull: true } });
          break;
        default:
          break;
      }
      return and.length ? { $and: and } : {};
    },

    /**
     * How many rows match `where`, counting no further than `cap` + 1: the answer is exact up
     * to `cap`, and `cap` + 1 means "more than `cap`". A plain count(*) reads every matching
     * row (PostgreSQL has no stored row count), which at a million rows takes longer than the
     * page itself; a LIMIT inside a sub-query lets the database stop early.
     */
    async countUpTo(where: Record<string, unknown>, cap: number): Promise<number> {
      const sub = strapi.db
        .queryBuilder(LINK_UID)
        .select('id')
        .where(where)
        .limit(cap + 1)
        .getKnexQuery();
      const [row] = (await knex().count('* as n').from(sub.as('capped'))) as Array<{
        n: number | string;
      }>;
      return Number(row?.n ?? 0);
    },

    /** One page of the ledger, newest first unless asked otherwise, with the total (capped: see LINKS_TOTAL_CAP). */
    async listPage(
      filter: LinkQuery,
      page: {
        page: number;
        pageSize: number;
        sort: { field: LinkSortField; order: 'asc' | 'desc' };
      }
    ): Promise<{ data: LinkListItem[]; pagination: Pagination }> {
      await flushRecords();
      const where = queries.whereOf(filter);
      const select = [
        'id',
        'modelId',
        'tokenHint',
        'lifetime',
        'validUntil',
        'revokedAt',
        'revokedBy',
        'revokedById',
        'revokedByEmail',
        'createdAt',
        'purpose',
        'revokeError',
        'connection',
      ];
      const [counted, rows] = await Promise.all([
        queries.countUpTo(where, LINKS_TOTAL_CAP),
        query().findMany({
          where,
          select,
          // id breaks ties, so pages never overlap when many rows share a timestamp.
          orderBy: [{ [page.sort.field]: page.sort.order }, { id: page.sort.order }],
          offset: (page.page - 1) * page.pageSize,
          limit: page.pageSize,
        }) as Promise<LinkRow[]>,
      ]);
      const totalExact = counted <= LINKS_TOTAL_CAP;
      const total = Math.min(counted, LINKS_TOTAL_CAP);
      return {
        data: rows.map(toListItem),
        pagination: {
          page: page.page,
          pageSize: page.pageSize,
          total,
          pageCount: Math.ceil(total / page.pageSize),
          totalExact,
        },
      };
    },

    /**
     * Ids of the links a filter matches that can still be revoked (not revoked, not expired), at
     * most `limit`. `matched` stays an exact count (unlike the list's total): it only counts
     * usable rows, which the validUntil index finds without the expired bulk of the ledger (links
     * live hours, rows are kept a day past expiry), it runs once per bulk revocation, not per
     * page, next to a Matterport call per link; and it tells the admin how many were left
     * over when more than `limit` match.
     */
    async revocableIds(
      filter: LinkQuery,
      limit: number
    ): Promise<{ ids: number[]; matched: number }> {
      await flushRecords();
      const now = new Date();
      const where = {
        $and: [queries.whereOf(filter, now), { revokedAt: null, validUntil: { $gt: now } }],
      };
      const [matched, rows] = await Promise.all([
        query().count({ where }) as Promise<number>,
        query().findMany({ where, select: ['id'], orderBy: { id: 'asc' }, limit }) as Promise<
          Array<{ id: number }>
        >,
      ]);
      return { ids: rows.map((r) => r.id), matched: Number(matched) };
    },

    /** Ledger rows by id (secrets included: the caller decrypts them to forget their tokens). */
    async findRows(ids: number[]): Promise<LinkRow[]> {
      if (!ids.length) return [];
      return (await query().findMany({ where: { id: { $in: ids } } })) as LinkRow[];
    },

    /** Rows in the ledger, and how many of them are usable now (one connection's: see connectionWhere). */
    async counts(connection?: string): Promise<{ rows: number; active: number }> {
      const own = connection ? [connectionWhere(connection)] : [];
      const [rows, active] = await Promise.all([
        query().count(own.length ? { where: { $and: own } } : {}) as Promise<number>,
        query().count({
          where: { $and: [...own, { revokedAt: null, validUntil: { $gt: new Date() } }] },
        }) as Promise<number>,
      ]);
      return { rows: Number(rows), active: Number(active) };
    },

    /** Delivery links still usable that expire before `until`, soonest first (the expiring-links watch). */
    async deliveryLinksExpiringBefore(
      until: Date,
      limit = 1000
    ): Promise<Array<Pick<LinkRow, 'id' | 'modelId' | 'validUntil' | 'connection'>>> {
      return (await query().findMany({
        where: {
          purpose: 'delivery',
          revokedAt: null,
          validUntil: { $gt: new Date(), $lte: until },
        },
        select: ['id', 'modelId', 'validUntil', 'connection'],
        orderBy: { validUntil: 'asc' },
        limit,
      })) as Array<Pick<LinkRow, 'id' | 'modelId' | 'validUntil' | 'connection'>>;
    },
  };

  return queries;
};

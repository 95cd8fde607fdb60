import fs from 'node:fs';
import path from 'node:path';

import { ADMIN_ROUTES } from '../../server/src/routes/admin';
import { CONTENT_API_ROUTES } from '../../server/src/routes/content-api';

/**
 * CONTRIBUTING, "Adding an admin route": every route has one contract in common/contracts/, a
 * `declare namespace` whose doc comment opens with the route's method and path. The
 * namespaces are types only (nothing to enumerate at run time), so their doc comments are
 * read: a route added without a contract, a contract left behind by a removed route, or two
 * contracts for one route fail here.
 */
const DIR = path.join(__dirname, '../../common/contracts');

const contracts = (): Array<{ name: string; route: string }> =>
  fs
    .readdirSync(DIR)
    .filter((file) => file.endsWith('.ts'))
    .flatMap((file) => {
      const text = fs.readFileSync(path.join(DIR, file), 'utf8');
      return [
        ...text.matchAll(/\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*export declare namespace (\w+)/g),
      ].map(([, comment, name]) => {
        const route =
          /^[\s*]*(GET|PUT|POST|DELETE|PATCH) (\/api)?\/matterport(\/[\w/:.-]*?)(?=[?\s]|:\s|$)/.exec(
            comment
          );
        return {
          name,
          route: route ? `${route[1]} ${route[2] ?? ''}${route[3]}` : `(no route in ${file})`,
        };
      });
    });

test('every admin and content-API route has exactly one contract, and every contract is a route', () => {
  const declared = contracts()
    .map((c) => c.route)
    .sort();
  // Content-API routes are contracted under their public path (`/api/matterport/...`).
  const routes = [
    ...ADMIN_ROUTES.map((r) => `${r.method} ${r.path}`),
    ...CONTENT_API_ROUTES.map((r) => `${r.method} /api${r.path}`),
  ].sort();
  expect(declared).toEqual(routes);
});

test('the contracts are found (the doc-comment convention is followed)', () => {
  // Guards the test above against passing on nothing: the names are the contracts' own.
  expect(contracts().map((c) => c.name)).toEqual(
    expect.arrayContaining(['GetSettings', 'GetLinks', 'RevokeLink', 'GetHealth'])
  );
});

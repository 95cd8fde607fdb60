import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import axe from 'axe-core';

import { renderWithProviders } from '../../test/render';
import * as admin from '../../test/strapiAdminMock';
import type { UsageResponse } from '../../../common/catalogue';
import { WhereUsedButton, WhereUsedLookup } from './WhereUsed';

jest.mock('@strapi/strapi/admin', () => require('../../test/strapiAdminMock'));

const MODEL = 'SxQL3iGyoDo';

/** Two places, as GET /matterport/models/:id/usage answers (common/catalogue.ts UsageResponse). */
const answer = (extra: Partial<UsageResponse> = {}): UsageResponse => ({
  modelId: MODEL,
  connection: 'harbour',
  entries: [
    {
      contentType: 'api::space.space',
      contentTypeName: 'Space',
      documentId: 'd1',
      locale: null,
      status: 'published',
      path: 'rooms.1.model',
      modelId: MODEL,
      connection: 'harbour',
      title: 'Harbour loft',
      adminPath: '/content-manager/collection-types/api::space.space/d1?status=published',
    },
    {
      contentType: 'api::venue.venue',
      contentTypeName: 'Venue',
      documentId: 'v1',
      locale: 'fr',
      status: 'draft',
      path: 'model',
      modelId: MODEL,
      connection: 'harbour',
      title: null,
      adminPath: '/content-manager/collection-types/api::venue.venue/v1?plugins[i18n][locale]=fr',
    },
  ],
  totals: { published: 1, draft: 3 },
  complete: true,
  ...extra,
});

/** axe-core's verdict on the dialog (colour contrast needs a layout jsdom does not have). */
const violations = async (node: Element) =>
  (await axe.run(node, { rules: { 'color-contrast': { enabled: false } } })).violations.map(
    (v) => v.id
  );

beforeEach(() => admin.resetStrapiAdminMock());

describe('Where used', () => {
  it('lists each place with a link to the entry, and the totals; axe finds nothing', async () => {
    admin.setRoutes({ 'GET /matterport/models/:id/usage': () => ({ data: answer() }) });
    renderWithProviders(<WhereUsedButton modelId={MODEL} connection="harbour" name="Loft" />);
    // Nothing is asked before the dialog opens.
    expect(admin.calls).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: 'Where used: Loft' }));
    const rows = await screen.findAllByTestId('matterport-usage-row');
    expect(admin.calls.map((c) => c.url)).toEqual([
      `/matterport/models/${MODEL}/usage?connection=harbour`,
    ]);
    expect(
      rows.map((row) =>
        within(row)
          .getAllByRole('gridcell')
          .map((c) => c.textContent)
      )
    ).toEqual([
      ['Harbour loft (open in the Content Manager)', 'Space', 'Published', 'rooms.1.model'],
      ['v1 (open in the Content Manager)', 'Venue (fr)', 'Draft', 'model'],
    ]);
    expect(within(rows[0]).getByRole('link').getAttribute('href')).toBe(
      '/content-manager/collection-types/api::space.space/d1?status=published'
    );
    expect(screen.getByTestId('matterport-usage-totals').textContent).toBe(
      'Published: 1 place. Drafts: 3 places.'
    );
    // The list stops before the totals: it says so.
    expect(screen.getByText('The first 2 of 4 places are listed.')).toBeTruthy();
    expect(screen.queryByTestId('matterport-usage-incomplete')).toBeNull();
    expect(await violations(screen.getByRole('dialog'))).toEqual([]);
  });

  it('says when nothing uses the space, and when the backfill has not finished', async () => {
    admin.setRoutes({
      'GET /matterport/models/:id/usage': () => ({
        data: answer({ entries: [], totals: { published: 0, draft: 0 }, complete: false }),
      }),
    });
    renderWithProviders(<WhereUsedButton modelId={MODEL} />);
    fireEvent.click(screen.getByRole('button', { name: `Where used: ${MODEL}` }));
    expect((await screen.findByTestId('matterport-usage-empty')).textContent).toBe(
      'No entry uses this space.'
    );
    expect(screen.getByTestId('matterport-usage-incomplete')).toBeTruthy();
    // The default connection is not sent.
    expect(admin.calls.map((c) => c.url)).toEqual([`/matterport/models/${MODEL}/usage`]);
  });

  it('looks a space up by its Showcase URL; a bad one is said and asks nothing', async () => {
    admin.setRoutes({ 'GET /matterport/models/:id/usage': () => ({ data: answer() }) });
    renderWithProviders(<WhereUsedLookup />);
    const input = screen.getByLabelText('Where is a space used? Model ID or Showcase URL');
    fireEvent.change(input, { target: { value: 'not a model' } });
    fireEvent.click(screen.getByRole('button', { name: 'Where used' }));
    await waitFor(() =>
      expect(screen.getByTestId('matterport-usage-lookup').textContent).toMatch(/ID/)
    );
    expect(admin.calls).toEqual([]);

    fireEvent.change(input, { target: { value: `https://my.matterport.com/show/?m=${MODEL}` } });
    fireEvent.click(screen.getByRole('button', { name: 'Where used' }));
    await screen.findAllByTestId('matterport-usage-row');
    expect(admin.calls.map((c) => c.url)).toEqual([`/matterport/models/${MODEL}/usage`]);
  });
});

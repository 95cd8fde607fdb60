import { useState } from 'react';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import '../../../test/jsdomPolyfills';
import type { StoredModelValue } from '../../../../common/field-value';
import { renderWithProviders } from '../../../test/render';
import * as admin from '../../../test/strapiAdminMock';
import { ViewChoice } from './ViewChoice';

jest.mock('@strapi/strapi/admin', () => require('../../../test/strapiAdminMock'));

/*
 * Issue 28: the field lists the chosen space's Views to choose one (optional) and takes the
 * entry's own start. Choosing the whole space stores no View; an empty start stores no params.
 */
const MODEL = 'XddYUqNaTWl';
const TRAINING = '0ehmdabhd31ra7pyai5igb9sb';
const VIEWS = [
  { id: MODEL, name: 'Main View', type: 'matterport.model.layered', base: true },
  { id: TRAINING, name: 'Training View', type: 'matterport.user.view', base: false },
];

const Harness = ({ initial, onChange }: { initial: StoredModelValue; onChange: jest.Mock }) => {
  const [value, setValue] = useState(initial);
  return (
    <ViewChoice
      value={value}
      onChange={(next) => {
        onChange(next);
        setValue(next);
      }}
    />
  );
};

beforeEach(() => {
  admin.resetStrapiAdminMock();
  admin.setRoutes({ 'GET /matterport/models/:id/views': () => ({ data: VIEWS }) });
});

it('chooses a View, then the whole space again (stored as no View)', async () => {
  const onChange = jest.fn();
  renderWithProviders(<Harness initial={{ modelId: MODEL, name: 'North' }} onChange={onChange} />);
  const select = await screen.findByRole('combobox', { name: 'View' });
  await userEvent.click(select);
  await userEvent.click(await screen.findByRole('option', { name: 'Training View' }));
  expect(onChange).toHaveBeenLastCalledWith({ modelId: MODEL, name: 'North', view: TRAINING });
  await userEvent.click(screen.getByRole('combobox', { name: 'View' }));
  await userEvent.click(await screen.findByRole('option', { name: 'The whole space' }));
  expect(onChange).toHaveBeenLastCalledWith({ modelId: MODEL, name: 'North' });
});

it('sets and clears the entry’s start, keeping its other params', async () => {
  const user = userEvent.setup();
  const onChange = jest.fn();
  renderWithProviders(
    <Harness initial={{ modelId: MODEL, params: { play: '0' } }} onChange={onChange} />
  );
  const start = screen.getByRole('textbox', { name: /^Start position/ });
  await user.type(start, 'sw');
  expect(onChange).toHaveBeenLastCalledWith({ modelId: MODEL, params: { play: '0', start: 'sw' } });
  await user.clear(start);
  expect(onChange).toHaveBeenLastCalledWith({ modelId: MODEL, params: { play: '0' } });
});

it('offers no View select for a space with its base View only', async () => {
  admin.setRoutes({ 'GET /matterport/models/:id/views': () => ({ data: [VIEWS[0]] }) });
  renderWithProviders(<Harness initial={{ modelId: MODEL }} onChange={jest.fn()} />);
  await waitFor(() =>
    expect(admin.calls.some((c) => c.url.startsWith(`/matterport/models/${MODEL}/views`))).toBe(
      true
    )
  );
  expect(screen.queryByRole('combobox', { name: 'View' })).toBeNull();
});

import type { ReactNode } from 'react';
import { act, renderHook as render, waitFor } from '@testing-library/react';
import { QueryClientProvider } from 'react-query';

import * as admin from '../../test/strapiAdminMock';
import { LOBBY, ROOFTOP } from '../../test/fixtures';
import { testQueryClient } from '../../test/render';
import { usePluginQuery, useModelQuery } from './queries';

jest.mock('@strapi/strapi/admin', () => require('../../test/strapiAdminMock'));

/** A promise the test settles when it wants: answers arriving in any order. */
const deferred = <T,>() => {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};

/** Hooks under a fresh client, as the admin's QueryClientProvider gives the pages. */
const renderHook: typeof render = (hook, options) => {
  const client = testQueryClient();
  return render(hook, {
    ...options,
    wrapper: ({ children }: { children: ReactNode }) => (
      <QueryClientProvider client={client}>{children}</QueryClientProvider>
    ),
  });
};

beforeEach(() => admin.resetStrapiAdminMock());

describe('usePluginQuery', () => {
  it('asks nothing for a null key', () => {
    const { result } = renderHook(() => useModelQuery(null));
    expect(result.current).toMatchObject({ data: null, problem: null, loading: false });
    expect(admin.calls).toEqual([]);
  });

  it('never lets a late answer to an older key replace the answer to the current one', async () => {
    const answers: Record<string, ReturnType<typeof deferred<unknown>>> = {
      SxQL3iGyoDo: deferred(),
      Rf00ftop123: deferred(),
    };
    admin.setRoutes({
      'GET /matterport/models/:id': (url) => answers[url.split('/').pop() ?? ''].promise,
    });
    const { result, rerender } = renderHook(({ id }) => useModelQuery(id), {
      initialProps: { id: 'SxQL3iGyoDo' as string | null },
    });
    expect(result.current.loading).toBe(true);

    rerender({ id: 'Rf00ftop123' });
    await act(async () => answers.Rf00ftop123.resolve({ data: ROOFTOP }));
    await waitFor(() => expect(result.current.data?.name).toBe('Rooftop terrace'));
    // The first request's answer comes last: it must be ignored.
    await act(async () => answers.SxQL3iGyoDo.resolve({ data: LOBBY }));
    expect(result.current.data?.name).toBe('Rooftop terrace');
    expect(result.current.loading).toBe(false);
  });

  it('maps errors through the admin’s problem kinds, and asks again on reload', async () => {
    let fail = true;
    admin.setRoutes({
      'GET /matterport/models/:id': () => {
        if (fail)
          throw admin.matterportError(
            400,
            'MATTERPORT_NOT_CONFIGURED',
            'Matterport is not configured.'
          );
        return { data: LOBBY };
      },
    });
    const { result } = renderHook(() => useModelQuery('SxQL3iGyoDo'));
    await waitFor(() =>
      expect(result.current.problem).toMatchObject({
        kind: 'notConfigured',
        code: 'MATTERPORT_NOT_CONFIGURED',
        message: 'Matterport is not configured.',
      })
    );
    expect(result.current.data).toBeNull();

    fail = false;
    act(() => result.current.reload());
    await waitFor(() => expect(result.current.data?.name).toBe('Lobby'));
    expect(result.current.problem).toBeNull();
    expect(admin.calls).toHaveLength(2);
  });

  it('refuses an answer that does not have the expected shape', async () => {
    admin.setRoutes({ 'GET /matterport/models/:id': () => ({ data: { id: 42 } }) });
    const { result } = renderHook(() => useModelQuery('SxQL3iGyoDo'));
    await waitFor(() => expect(result.current.problem?.kind).toBe('unavailable'));
    expect(result.current.problem?.message).toMatch(
      /^The server's answer to the model was not in the expected shape/
    );
    expect(result.current.data).toBeNull();
  });

  it('keeps the previous answer in view while a new key loads, when asked to', async () => {
    const second = deferred<unknown>();
    admin.setRoutes({
      'GET /matterport/models/:id': (url) =>
        url.endsWith('SxQL3iGyoDo') ? { data: LOBBY } : second.promise,
    });
    const { result, rerender } = renderHook(
      ({ id }) =>
        usePluginQuery(['model', id], (api, signal) => api.getModel(id, undefined, signal), {
          keepPreviousData: true,
        }),
      { initialProps: { id: 'SxQL3iGyoDo' } }
    );
    await waitFor(() => expect(result.current.data?.name).toBe('Lobby'));

    rerender({ id: 'Rf00ftop123' });
    expect(result.current).toMatchObject({ loading: true, data: { name: 'Lobby' } });
    await act(async () => second.resolve({ data: ROOFTOP }));
    await waitFor(() =>
      expect(result.current).toMatchObject({ loading: false, data: { name: 'Rooftop terrace' } })
    );
  });
});

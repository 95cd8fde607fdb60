/**
 * What the design system's Select (Radix) calls and jsdom lacks. Import once from a
 * test file that opens a SingleSelect.
 */
const proto = Element.prototype as unknown as Record<string, unknown>;
proto.hasPointerCapture ??= () => false;
proto.setPointerCapture ??= () => undefined;
proto.releasePointerCapture ??= () => undefined;
proto.scrollIntoView ??= () => undefined;

// Rendering the admin's tables and selects in jsdom on a shared, busy machine is slow.
jest.setTimeout(30_000);

// The Select watches the end of its list (lazy loading) and its size (scroll area):
// jsdom lays nothing out, so there is nothing to observe.
class NoObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
  takeRecords(): [] {
    return [];
  }
}
for (const name of ['IntersectionObserver', 'ResizeObserver']) {
  if (!(name in globalThis)) Object.assign(globalThis, { [name]: NoObserver });
}

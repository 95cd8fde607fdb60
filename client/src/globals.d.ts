/*
 * The one web global the kit reaches (through the shared appending rule in
 * common/showcase-link.ts): WHATWG URLSearchParams, which browsers and Node 18+ both
 * have. Declared here, as little of it as is used, so the type check still proves
 * that nothing else of the DOM or of Node is used.
 */
declare class URLSearchParams {
  constructor(init?: string);
  entries(): IterableIterator<[string, string]>;
  set(name: string, value: string): void;
  toString(): string;
}

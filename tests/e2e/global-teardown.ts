import type { E2eRunning } from './global-setup';

/** Stops what the e2e global setup started (also what a half-finished setup started). */
export default async function globalTeardown(): Promise<void> {
  const holder = globalThis as typeof globalThis & { __MATTERPORT_E2E__?: E2eRunning };
  const running = holder.__MATTERPORT_E2E__;
  if (!running) return;
  holder.__MATTERPORT_E2E__ = undefined;
  const errors: unknown[] = [];
  const attempt = async (stop: (() => Promise<void>) | undefined) => {
    try {
      await stop?.();
    } catch (error) {
      errors.push(error);
    }
  };
  await attempt(running.pageServer && (() => running.pageServer!.close()));
  await attempt(running.strapi && (() => running.strapi!.stop()));
  await attempt(running.sandbox && (() => running.sandbox!.stop()));
  await attempt(running.database && (() => running.database!.drop()));
  if (errors.length) throw errors[0];
}

interface Running {
  sandbox: { stop(): Promise<void> };
  strapi: { stop(): Promise<void> };
  database: { drop(): Promise<void> };
}

export default async function globalTeardown(): Promise<void> {
  const running = (globalThis as typeof globalThis & { __MATTERPORT__?: Running }).__MATTERPORT__;
  if (!running) return;
  await running.strapi.stop();
  await running.sandbox.stop();
  await running.database.drop();
}

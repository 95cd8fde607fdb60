// Integration tests boot real Strapi processes and wait on real upstream timeouts.
jest.setTimeout(180_000);

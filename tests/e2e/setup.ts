// Browser scenarios click through a real admin panel served by a real Strapi.
jest.setTimeout(180_000);

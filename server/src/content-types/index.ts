import linkSchema from './link/schema.json';

export default {
  link: { schema: linkSchema },
};

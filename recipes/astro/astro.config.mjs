import { defineConfig } from 'astro/config';

// Static output (Astro's default): the page is built once and served from any CDN.
export default defineConfig({});

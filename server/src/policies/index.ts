// Access is enforced with Strapi's own admin::hasPermissions policy on every route (see routes/admin.ts).
export default {};

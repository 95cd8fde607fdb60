/**
 * How the plugin's errors reach a client. Controllers and services only throw; this folder
 * holds the one place that turns a MatterportError into an HTTP answer (status,
 * `details.code`, `Retry-After`) and the one helper that turns bad input into Strapi's
 * ValidationError. Everything else is Strapi's own pipeline: its error middleware answers
 * `@strapi/utils` errors (ValidationError 400, ForbiddenError 403, NotFoundError 404,
 * RateLimitError 429, …) as `{ data: null, error: { status, name, message, details } }`.
 */
export { answerErrors, matterportAnswer, PluginHttpError, deliveryError } from './http';
export type { ErrorAnswer } from './http';
export { invalid, validate } from './validation';
export type { ValidateOptions } from './validation';

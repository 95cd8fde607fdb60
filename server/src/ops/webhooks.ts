import type { Core } from '@strapi/strapi';

/**
 * The webhook events the plugin sends (Settings → Webhooks lists them once registered).
 * Payloads never carry a secret, an account token or an embed token.
 */
export const WEBHOOK_EVENTS = {
  MATTERPORT_SETTINGS_UPDATE: 'matterport.settings.update',
  MATTERPORT_LINK_REVOKE: 'matterport.link.revoke',
  MATTERPORT_LINKS_EXPIRING: 'matterport.links.expiring',
  /** Matterport told the plugin a space changed (model event webhooks, issue 28). */
  MATTERPORT_MODEL_UPDATE: 'matterport.model.update',
} as const;

export type WebhookEvent = (typeof WEBHOOK_EVENTS)[keyof typeof WEBHOOK_EVENTS];

/** The webhook store refuses events it does not know: register ours. */
export const registerWebhookEvents = (strapi: Core.Strapi): void => {
  const store = strapi.get('webhookStore') as { addAllowedEvent(key: string, value: string): void };
  for (const [key, value] of Object.entries(WEBHOOK_EVENTS)) store.addAllowedEvent(key, value);
};

/** Sends an event to every webhook subscribed to it (Strapi's runner posts `{ event, createdAt, ...payload }`). */
export const sendWebhook = (
  strapi: Core.Strapi,
  event: WebhookEvent,
  payload: Record<string, unknown>
): void => {
  void strapi.eventHub.emit(event, payload);
};

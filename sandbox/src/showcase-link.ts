/** The Private Model Embed link, pointing at the sandbox's own Showcase stand-in. */
export function showcaseLink(origin: string, modelId: string, embedToken: string): string {
  return `${origin}/show?m=${encodeURIComponent(modelId)}&auth=Bearer+${encodeURIComponent(embedToken)}`;
}

/** A space's plain share URL (no token), as `publication.url` carries it. */
export function showcaseUrl(origin: string, modelId: string): string {
  return `${origin}/show?m=${encodeURIComponent(modelId)}`;
}

import type { ServedDefaults } from './config';

/**
 * A desktop served as a prebuilt page (the Angular one: `ng build`, then a static server) learns where
 * SRS is from meta tags its server writes into index.html, since a build cannot read the server's
 * environment. Framework-free; `readConfig()` gives the address bar precedence over these.
 */
export const SERVED_META = {
  srsUrl: 'screen-recording-srs-url',
  controlUrl: 'screen-recording-control-url',
} as const;

/** The SRS and control URLs the page was served with, from its meta tags; each undefined when absent. */
export function readServedDefaults(page: Pick<Document, 'querySelector'>): ServedDefaults {
  const meta = (name: string) =>
    page.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content || undefined;
  return { srsUrl: meta(SERVED_META.srsUrl), controlUrl: meta(SERVED_META.controlUrl) };
}

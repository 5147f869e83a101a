/**
 * How the desktops open the Stately inspector: `createBrowserInspector(INSPECTOR_OPTIONS)`. Deep enough
 * for the charts' contexts and definitions to show whole: at the default depth of 10, parts of them
 * show as "[Object]". The inspector is a stately.ai window: it needs internet.
 */
export const INSPECTOR_OPTIONS = { serializationDepthLimit: 20 } as const;

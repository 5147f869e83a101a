/// <reference types="vite/client" />

// What a Vite-built desktop is served with (`startViteDesktop` sets VITE_SRS_URL), for every example.

interface ImportMetaEnv {
  /** Base URL of the SRS (or the simulator) the desktop calls. Default `http://127.0.0.1:4100`. */
  readonly VITE_SRS_URL?: string;
  /** Base URL of the simulator's control endpoint. Default: the SRS URL. */
  readonly VITE_SRS_CONTROL_URL?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}

/**
 * The documentation site. Why VitePress: the workspace is Vite, Vue and TypeScript already, VitePress
 * is Vue's own static site generator (Markdown pages, Vue where a page needs data, local search, no
 * server at run time), and typedoc-plugin-markdown has a VitePress flavour for the API reference.
 * VitePress 1.x is the stable line and brings Vite 5; the docs are their own workspace package so that
 * Vite 5 stays here while the libraries and examples use Vite 8. Checked on Node 20.20: `pnpm run docs`,
 * `pnpm docs:build`.
 *
 * Pages that show code-derived facts read them at build time (`*.data.ts` loaders): the simulator's
 * flags and control routes, the login payloads, the statechart pictures. They cannot go stale.
 */
import { existsSync, readFileSync } from 'node:fs';
import { type DefaultTheme, defineConfig } from 'vitepress';

const apiSidebarFile = new URL('../reference/api/typedoc-sidebar.json', import.meta.url);

/** The API reference's pages, as TypeDoc wrote them (`pnpm run docs` and `pnpm docs:build` run TypeDoc first). */
function apiSidebar(): DefaultTheme.SidebarItem[] {
  if (!existsSync(apiSidebarFile)) return [];
  return JSON.parse(readFileSync(apiSidebarFile, 'utf8')) as DefaultTheme.SidebarItem[];
}

/** A page, as both the top bar and the sidebar take it. */
type Page = { text: string; link: string };

const gettingStarted: Page[] = [
  { text: 'React', link: '/getting-started/react' },
  { text: 'Vue', link: '/getting-started/vue' },
  { text: 'Angular', link: '/getting-started/angular' },
  { text: 'Plain TypeScript', link: '/getting-started/typescript' },
  { text: 'Node and Electron', link: '/getting-started/node-electron' },
];

const guides: Page[] = [
  { text: 'How SRS fits', link: '/guide/how-srs-fits' },
  { text: 'Default place and hot seating', link: '/guide/default-place-and-hot-seating' },
  { text: 'CSRF', link: '/guide/csrf' },
  { text: 'CORS and the scheme rule', link: '/guide/cors-and-the-scheme-rule' },
  { text: 'Place switches', link: '/guide/place-switches' },
  { text: 'Disaster recovery and failback', link: '/guide/disaster-recovery' },
  { text: 'Deploying', link: '/guide/deploying' },
  { text: 'Background tabs and the worker clock', link: '/guide/background-tabs' },
  { text: 'Several tabs of one desktop', link: '/guide/several-tabs' },
  { text: 'Sleeping laptops and closed tabs', link: '/guide/sleeping-and-closing' },
  { text: 'Recording coverage', link: '/guide/recording-coverage' },
  { text: 'Self-healing', link: '/guide/self-healing' },
  { text: 'Words for the agent', link: '/guide/words-for-the-agent' },
  { text: 'The Stately inspector', link: '/guide/stately-inspector' },
  { text: "Checking an agent's machine", link: '/guide/checking-an-agents-machine' },
  { text: 'Testing your desktop', link: '/guide/testing-your-desktop' },
  { text: 'Testing with the simulator', link: '/guide/testing-with-the-simulator' },
];

const apiPage: Page = { text: 'API', link: '/reference/api/' };

const reference: Page[] = [
  { text: 'The session object', link: '/reference/session' },
  { text: 'Options', link: '/reference/options' },
  { text: 'Errors', link: '/reference/errors' },
  { text: 'Simulator: CLI and control API', link: '/reference/simulator' },
  { text: 'Statecharts', link: '/reference/statecharts' },
  { text: 'The SRS protocol, as read here', link: '/srs-protocol' },
  apiPage,
];

// DOCS_BASE serves the site under a path, e.g. '/screen-recording/' on GitHub Pages.
const base = process.env.DOCS_BASE ?? '/';

export default defineConfig({
  title: 'Screen recording for custom agent desktops',
  description:
    'Drive the Genesys Screen Recording Service (SRS) from a custom web agent desktop: login, polling, place switch, logout, disaster recovery.',
  base,
  head: [['link', { rel: 'icon', type: 'image/svg+xml', href: `${base}favicon.svg` }]],
  // The docs folder's README describes the site's source; it is not a page.
  srcExclude: ['README.md'],
  lastUpdated: false,
  themeConfig: {
    // The title above is the pages' title; the top bar has room for less.
    siteTitle: 'Screen recording',
    nav: [
      { text: 'Getting started', items: gettingStarted },
      { text: 'Guides', items: guides },
      { text: 'Reference', items: reference },
      { text: 'Troubleshooting', link: '/troubleshooting' },
    ],
    sidebar: [
      { text: 'Getting started', items: gettingStarted },
      { text: 'Guides', items: guides },
      {
        text: 'Reference',
        items: reference.map((page) =>
          page === apiPage ? { ...page, collapsed: true, items: apiSidebar() } : page,
        ),
      },
      { text: 'Troubleshooting', link: '/troubleshooting' },
    ],
    outline: { level: [2, 3] },
    search: { provider: 'local' },
  },
  vite: {
    // Off the demo desktop's 5173, so both can run at once.
    server: { port: 5200, host: '127.0.0.1' },
    // The local search index is one chunk, loaded when the search box opens.
    build: { chunkSizeWarningLimit: 1024 },
  },
});

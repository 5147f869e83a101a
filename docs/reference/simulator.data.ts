/**
 * Read when the site is built (and again in `pnpm run docs` when these files change): the simulator's flags
 * and control routes, from its code.
 */
import { defineLoader } from 'vitepress';
import { USAGE } from '../../packages/simulator/src/cli-options';
import { CONTROL_PREFIX, CONTROL_ROUTES } from '../../packages/simulator/src/control-routes';
import {
  type CliFlag,
  type ControlRoute,
  controlRoutes,
  parseUsage,
} from '../.vitepress/simulator-reference';

export interface SimulatorReference {
  flags: CliFlag[];
  /** Each route's `effect` as HTML, its `code` spans marked up. */
  routes: ControlRoute[];
  controlPrefix: string;
}

const escapeHtml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
const withCode = (text: string) => escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');

declare const data: SimulatorReference;

export { data };

export default defineLoader({
  watch: [
    '../../packages/simulator/src/cli-options.ts',
    '../../packages/simulator/src/control-routes.ts',
    '../.vitepress/simulator-reference.ts',
  ],
  load(): SimulatorReference {
    return {
      flags: parseUsage(USAGE),
      routes: controlRoutes(CONTROL_PREFIX, CONTROL_ROUTES).map((route) => ({
        ...route,
        effect: withCode(route.effect),
      })),
      controlPrefix: CONTROL_PREFIX,
    };
  },
});

/**
 * Prints the simulator load figures: `npx tsx bench/simulator-load.run.ts`.
 * `pnpm bench` can call `measureSimulatorLoad()` and `formatSimulatorLoad()` the same way.
 */
import { formatSimulatorLoad, measureSimulatorLoad } from './simulator-load';

console.log(formatSimulatorLoad(await measureSimulatorLoad()));

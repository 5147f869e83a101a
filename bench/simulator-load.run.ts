/**
 * Prints the simulator load figures: `npx tsx bench/simulator-load.run.ts`.
 * `pnpm bench` calls `measureSimulatorLoad()` and `formatSimulatorLoad()` the same way, within the open-file limit.
 */
import { formatSimulatorLoad, measureSimulatorLoad } from './simulator-load';

console.log(formatSimulatorLoad(await measureSimulatorLoad()));

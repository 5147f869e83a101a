#!/usr/bin/env node
import { parseCliArgs, USAGE } from './cli-options';
import { CONTROL_PREFIX, CONTROL_ROUTES } from './control-routes';
import { DEFAULT_AGENTS, DEFAULT_PLACES } from './defaults';
import { isLoopbackAddress, isWildcardAddress } from './host-check';
import { startSimulator } from './server';

const command = parseCliArgs(process.argv.slice(2));
if (command.kind === 'help') {
  process.stdout.write(`${USAGE}\n`);
} else if (command.kind === 'error') {
  process.stderr.write(`srs-simulator: ${command.message}\n\n${USAGE}\n`);
  process.exitCode = 2;
} else {
  const { options, quiet } = command;
  // A parent that reads the URL and then closes its end of the pipe (or `| head`) must not bring the
  // simulator down with the next request line: without a reader, lines are dropped.
  let reader = true;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    reader = false;
  });
  const printLine = (line: string): void => {
    if (reader) process.stdout.write(`${line}\n`);
  };
  try {
    const simulator = await startSimulator(quiet ? options : { ...options, log: printLine });
    const origins = options.allowedOrigins?.length ? options.allowedOrigins.join(', ') : 'none';
    const hosts = options.allowedHosts?.length ? `; allowed hosts: ${options.allowedHosts.join(', ')}` : '';
    const agents = (options.agents ?? DEFAULT_AGENTS).map((agent) => agent.username).join(', ');
    const places = (options.places ?? DEFAULT_PLACES).map((place) => place.name).join(', ');
    // One line, without passwords; scripts and tests read the URL from it (useful with --port 0). A
    // wildcard bind is named as such, with the loopback URL that reaches it from this machine.
    const wildcard = isWildcardAddress(simulator.host);
    const bindUrl = `${new URL(simulator.url).protocol}//${bracketed(simulator.host)}:${simulator.port}`;
    const where = wildcard
      ? `${bindUrl} (all interfaces; from this machine: ${simulator.url}; `
      : `${simulator.url} (`;
    process.stdout.write(
      `SRS simulator listening on ${where}origins: ${origins}${hosts}; agents: ${agents}; places: ${places})\n`,
    );
    if (wildcard || !isLoopbackAddress(simulator.host)) {
      const what = wildcard
        ? `${simulator.host} listens on every network interface`
        : `${simulator.host} is not a loopback address`;
      process.stderr.write(
        `srs-simulator: warning: ${what}, so the simulator is reachable from the network: other machines can ` +
          'log in as its agents and drive its control endpoint. Use --host 127.0.0.1 unless that is what you ' +
          'want; machines that reach it by name also need --allowed-host NAME.\n',
      );
    }
    const control = `${simulator.url}${CONTROL_PREFIX}`;
    printLine(`Control endpoint: ${control}/ (${controlRoutes()})`);
    printLine(`State page: ${control}/state (sessions, armed fault and recent requests, as JSON)`);
    if (simulator.certificate !== undefined) {
      printLine(`The certificate is self-signed: open ${control}/state in the browser once and accept it.`);
    }
    if (!quiet) printLine('Each request is printed below once answered (--quiet turns this off).');

    let stopping = false;
    const stop = (): void => {
      if (stopping) process.exit(1); // a second Ctrl-C: do not wait any longer
      stopping = true;
      simulator.close().then(() => process.exit(0));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  } catch (error) {
    // A start failure (port in use, host not local) is not a usage error.
    process.stderr.write(`srs-simulator: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}

/** `GET state; POST fault, restart, …; DELETE fault`: the control actions by method. */
function controlRoutes(): string {
  const byMethod = new Map<string, string[]>();
  for (const [path, methods] of Object.entries(CONTROL_ROUTES)) {
    const action = path.slice(CONTROL_PREFIX.length + 1);
    for (const method of methods) byMethod.set(method, [...(byMethod.get(method) ?? []), action]);
  }
  return [...byMethod].map(([method, actions]) => `${method} ${actions.join(', ')}`).join('; ');
}

function bracketed(address: string): string {
  return address.includes(':') ? `[${address}]` : address;
}

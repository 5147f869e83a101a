/**
 * Draws an XState v5 machine as an SVG: states as boxes (a compound state holds its children), one
 * labelled arrow per way out of a state, a dot for each initial state, a double border for final states.
 * Each state lists its transitions inside its box, and each arrow leaves from its line: a reader never
 * has to follow a long arrow to learn where a transition goes.
 *
 * Layout by ELK (elkjs, in-process: no browser, no network). Text is measured with a fixed advance per
 * character in a monospace font, and numbers are written with one decimal, so the same machine always
 * gives the same bytes.
 */
import ELK, { type ElkExtendedEdge, type ElkNode } from 'elkjs/lib/elk.bundled.js';

/** The parts of an XState v5 `StateNode` this reads (structural, so any v5 machine fits). */
export interface StateNodeLike {
  readonly id: string;
  readonly key: string;
  readonly type: string;
  readonly states: Readonly<Record<string, StateNodeLike>>;
  readonly transitions: ReadonlyMap<string, readonly TransitionLike[]>;
  readonly always?: readonly TransitionLike[] | undefined;
  readonly initial?: { readonly target: readonly { readonly id: string }[] } | undefined;
  readonly invoke: readonly { readonly id: string; readonly src: unknown }[];
}

export interface TransitionLike {
  readonly eventType: string;
  readonly target?: readonly { readonly id: string; readonly key: string }[] | undefined;
  readonly guard?: unknown;
}

export interface MachineLike {
  readonly id: string;
  readonly root: StateNodeLike;
}

// --- reading the machine ------------------------------------------------------------------------

/** Transitions from one state to one target: one line each, one arrow for all. */
interface Exit {
  targetId: string;
  targetName: string;
  labels: string[];
}

interface ChartState {
  id: string;
  name: string;
  kind: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  children: ChartState[];
  initialId: string | null;
  /** Lines without an arrow: what it invokes, transitions that stay, transitions into its own children. */
  notes: string[];
  exits: Exit[];
}

/** `xstate.done.actor.login` → `login done`; `xstate.after.retryBackoff.<state>` → `after retryBackoff`. */
export function describeEvent(eventType: string): string {
  if (eventType === '') return 'always';
  const patterns: [RegExp, (name: string) => string][] = [
    [/^xstate\.done\.actor\.(.+)$/, (name) => `${name} done`],
    [/^xstate\.error\.actor\.(.+)$/, (name) => `${name} error`],
    [/^xstate\.after\.([^.]+)\./, (delay) => (/^\d+$/.test(delay) ? `after ${delay} ms` : `after ${delay}`)],
    [/^xstate\.done\.state\.(.+)$/, (id) => `${id.split('.').at(-1)} done`],
  ];
  for (const [pattern, describe] of patterns) {
    const name = pattern.exec(eventType)?.[1];
    if (name !== undefined) return describe(name);
  }
  return eventType;
}

/** A guard as written: `name`, `{ type }`, or `and([...])` / `or([...])` / `not(...)`. */
export function describeGuard(guard: unknown): string {
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'function') {
    const inner = (guard as { guards?: unknown }).guards;
    const parts = Array.isArray(inner) ? inner.map(describeGuard) : [];
    if (guard.name === 'and' && parts.length > 0) return parts.join(' && ');
    if (guard.name === 'or' && parts.length > 0) return parts.join(' || ');
    if (guard.name === 'not' && parts.length > 0) return `!${parts.map((part) => `(${part})`).join('')}`;
    return guard.name || 'guard';
  }
  const type = (guard as { type?: unknown } | null)?.type;
  return typeof type === 'string' ? type : 'guard';
}

function transitionLabel(transition: TransitionLike): string {
  const event = describeEvent(transition.eventType);
  return transition.guard === undefined ? event : `${event} [${describeGuard(transition.guard)}]`;
}

function readState(node: StateNodeLike): ChartState {
  const children = Object.values(node.states).map(readState);
  const descendants = new Set<string>();
  const collect = (state: ChartState) => {
    descendants.add(state.id);
    state.children.forEach(collect);
  };
  children.forEach(collect);

  const notes = node.invoke.map(
    (invoked) => `invoke ${typeof invoked.src === 'string' ? invoked.src : invoked.id}`,
  );
  const exits: Exit[] = [];
  for (const transition of [...[...node.transitions.values()].flat(), ...(node.always ?? [])]) {
    const label = transitionLabel(transition);
    const targets = transition.target ?? [];
    if (targets.length === 0) notes.push(`${label} (stays)`);
    for (const target of targets) {
      // An arrow into one's own child would start on the border around its own target: it is a note,
      // like the root's transitions from any state.
      if (descendants.has(target.id)) {
        notes.push(`${label} → ${target.key}`);
        continue;
      }
      let exit = exits.find((candidate) => candidate.targetId === target.id);
      if (!exit) {
        exit = { targetId: target.id, targetName: target.key, labels: [] };
        exits.push(exit);
      }
      if (!exit.labels.includes(label)) exit.labels.push(label);
    }
  }
  const kind =
    node.type === 'final' || node.type === 'history' || node.type === 'parallel'
      ? node.type
      : children.length > 0
        ? 'compound'
        : 'atomic';
  return {
    id: node.id,
    name: node.key,
    kind,
    children,
    initialId: node.initial?.target[0]?.id ?? null,
    notes: [...new Set(notes)],
    exits,
  };
}

// --- text and box sizes -------------------------------------------------------------------------

const FONT_FAMILY =
  "ui-monospace, SFMono-Regular, Menlo, Consolas, 'DejaVu Sans Mono', 'Liberation Mono', monospace";
/** Advance of one character as a share of the font size: 0.6 in Menlo, DejaVu and Liberation Mono, less elsewhere. */
const CHAR_ADVANCE = 0.61;
const TITLE_FONT = 14;
const NOTE_FONT = 11;
const EXIT_FONT = 11.5;
const LINE_HEIGHT = 1.4;
const PAD_X = 12;
const PAD_Y = 8;
const EXIT_GAP = 5;
const INITIAL_DOT = 12;

const textWidth = (text: string, size: number) => Math.ceil([...text].length * size * CHAR_ADVANCE);
const lineHeight = (size: number) => Math.ceil(size * LINE_HEIGHT);
const arrowText = (exit: Exit, index: number) => (index === 0 ? `→ ${exit.targetName}` : '');

interface Line {
  text: string;
  /** Right-aligned text on the same line: the target of an exit. */
  aside: string;
  size: number;
  kind: 'title' | 'note' | 'exit';
  /** Offset of the line's box from the top of the state. */
  top: number;
}

/** The text block at the top of a state: its name, notes, then one group of lines per exit. */
interface Block {
  lines: Line[];
  width: number;
  height: number;
  /** Where each exit's arrow leaves, as an offset from the top of the state. */
  exitY: number[];
  /** Where the line above the exits sits, when there are exits. */
  ruleY: number | null;
}

function blockOf(state: ChartState, title: string): Block {
  const lines: Line[] = [];
  let y = PAD_Y;
  const push = (text: string, aside: string, size: number, kind: Line['kind']) => {
    lines.push({ text, aside, size, kind, top: y });
    y += lineHeight(size);
  };
  push(title, '', TITLE_FONT, 'title');
  for (const note of state.notes) push(note, '', NOTE_FONT, 'note');
  const exitY: number[] = [];
  let ruleY: number | null = null;
  if (state.exits.length > 0) {
    y += EXIT_GAP;
    ruleY = y - EXIT_GAP / 2;
    for (const exit of state.exits) {
      const top = y;
      exit.labels.forEach((label, index) => {
        push(label, arrowText(exit, index), EXIT_FONT, 'exit');
      });
      exitY.push((top + y) / 2);
      y += 2;
    }
  }
  const width = Math.max(
    ...lines.map(
      (line) =>
        textWidth(line.text, line.size) + (line.aside ? textWidth(` ${line.aside}`, line.size) + 8 : 0),
    ),
  );
  return { lines, width: width + 2 * PAD_X, height: y + PAD_Y, exitY, ruleY };
}

// --- layout -------------------------------------------------------------------------------------

const initialDotId = (state: ChartState) => `${state.id}#initial`;
const exitPortId = (state: ChartState, index: number) => `${state.id}#exit${index}`;

/**
 * An arrow that leaves a compound state passes through a port on its border, shared by every arrow from
 * inside it to the same target: outside, a compound shows one line per destination, not one per
 * transition. Entering a compound works the same way. Returns the ports of each compound and the
 * pieces of every arrow; only the piece that reaches the target state draws an arrowhead.
 */
function routeArrows(root: ChartState) {
  const parentOf = new Map<string, string | null>();
  const statesById = new Map<string, ChartState>();
  const index = (state: ChartState, parent: string | null) => {
    parentOf.set(state.id, parent);
    statesById.set(state.id, state);
    for (const child of state.children) index(child, state.id);
  };
  index(root, null);
  const ancestorsOf = (id: string) => {
    const chain: string[] = [];
    for (let parent = parentOf.get(id) ?? null; parent !== null; parent = parentOf.get(parent) ?? null) {
      chain.push(parent);
    }
    return chain;
  };

  const ports = new Map<string, string[]>();
  const port = (compoundId: string, portId: string) => {
    const list = ports.get(compoundId) ?? [];
    if (!list.includes(portId)) list.push(portId);
    ports.set(compoundId, list);
    return portId;
  };
  const pieces = new Map<string, ElkExtendedEdge & { arrow: boolean }>();
  for (const state of statesById.values()) {
    state.exits.forEach((exit, exitIndex) => {
      const up = ancestorsOf(state.id);
      const down = ancestorsOf(exit.targetId);
      // An atomic state's arrow leaves from the line that names it; a compound's from its border.
      const stops = [state.children.length === 0 ? exitPortId(state, exitIndex) : state.id];
      if (up.includes(exit.targetId)) {
        // Back into an enclosing state (a re-entry): the arrow ends on its border, from inside.
        for (const compound of up.slice(0, up.indexOf(exit.targetId))) {
          stops.push(port(compound, `${compound}#out>${exit.targetId}`));
        }
        stops.push(port(exit.targetId, `${exit.targetId}#reenter`));
      } else {
        const common = up.find((ancestor) => down.includes(ancestor)) as string;
        for (const compound of up.slice(0, up.indexOf(common))) {
          stops.push(port(compound, `${compound}#out>${exit.targetId}`));
        }
        for (const compound of down.slice(0, down.indexOf(common)).reverse()) {
          stops.push(port(compound, `${compound}#in>${exit.targetId}`));
        }
        stops.push(exit.targetId);
      }
      for (let hop = 0; hop < stops.length - 1; hop += 1) {
        const id = `${stops[hop]}->${stops[hop + 1]}`;
        if (!pieces.has(id)) {
          pieces.set(id, {
            id,
            sources: [stops[hop] as string],
            targets: [stops[hop + 1] as string],
            arrow: hop === stops.length - 2,
          });
        }
      }
    });
  }
  return { ports, pieces: [...pieces.values()] };
}

function elkNodeOf(
  state: ChartState,
  title: string,
  blocks: Map<string, Block>,
  compoundPorts: ReadonlyMap<string, readonly string[]>,
): ElkNode {
  // The regions of a parallel state are all active at once: its title says so.
  const block = blockOf(state, state.kind === 'parallel' ? `${title} (parallel)` : title);
  blocks.set(state.id, block);
  if (state.children.length === 0) {
    return {
      id: state.id,
      width: block.width,
      height: block.height,
      // Each exit's arrow leaves from the right edge, level with its lines.
      ports: state.exits.map((_, index) => ({
        id: exitPortId(state, index),
        x: block.width,
        y: block.exitY[index] ?? 0,
        width: 0,
        height: 0,
        layoutOptions: { 'elk.port.side': 'EAST' },
      })),
      layoutOptions: { 'elk.portConstraints': 'FIXED_POS' },
    };
  }
  const children: ElkNode[] = [];
  if (state.initialId !== null && state.kind !== 'parallel') {
    children.push({ id: initialDotId(state), width: INITIAL_DOT, height: INITIAL_DOT });
  }
  children.push(...state.children.map((child) => elkNodeOf(child, child.name, blocks, compoundPorts)));
  return {
    id: state.id,
    children,
    // ELK places these (it would move fixed ones anyway once arrows cross the border).
    ports: (compoundPorts.get(state.id) ?? []).map((id) => ({ id, width: 0, height: 0 })),
    layoutOptions: {
      'elk.padding': `[top=${block.height + 6},left=16,bottom=16,right=16]`,
      'elk.nodeSize.constraints': '[MINIMUM_SIZE]',
      'elk.nodeSize.minimum': `(${block.width}, ${block.height + 24})`,
    },
  };
}

function initialArrows(state: ChartState, edges: ElkExtendedEdge[]): ElkExtendedEdge[] {
  if (state.initialId !== null && state.kind !== 'parallel') {
    edges.push({ id: `${state.id}#start`, sources: [initialDotId(state)], targets: [state.initialId] });
  }
  for (const child of state.children) initialArrows(child, edges);
  return edges;
}

const LAYOUT_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.edgeRouting': 'ORTHOGONAL',
  // Follows the arrows from the initial state, so the chart reads top to bottom as the lifecycle.
  'elk.layered.cycleBreaking.strategy': 'DEPTH_FIRST',
  'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
  'elk.spacing.nodeNode': '30',
  'elk.layered.spacing.nodeNodeBetweenLayers': '40',
  'elk.spacing.edgeNode': '16',
  'elk.spacing.edgeEdge': '9',
  'elk.layered.spacing.edgeEdgeBetweenLayers': '9',
  'elk.layered.spacing.edgeNodeBetweenLayers': '16',
  'elk.json.shapeCoords': 'ROOT',
  'elk.json.edgeCoords': 'ROOT',
  'elk.randomSeed': '1',
};

// --- drawing ------------------------------------------------------------------------------------

const escapeXml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** One decimal: the same layout always prints the same bytes. */
const n = (value: number) => {
  const rounded = Math.round(value * 10) / 10;
  return Object.is(rounded, -0) ? '0' : String(rounded);
};

const COLOURS = {
  background: '#ffffff',
  stroke: '#38414d',
  rule: '#c5ccd5',
  rootFill: '#fbfcfd',
  compoundFill: '#f1f4f8',
  atomicFill: '#ffffff',
  title: '#1b1f24',
  note: '#5b636d',
  exit: '#24292f',
  target: '#0b5cad',
  edge: '#7a8491',
} as const;

function drawState(
  node: ElkNode,
  state: ChartState,
  depth: number,
  blocks: Map<string, Block>,
  out: string[],
) {
  const x = node.x ?? 0;
  const y = node.y ?? 0;
  const width = node.width ?? 0;
  const height = node.height ?? 0;
  const compound = state.children.length > 0;
  const fill = depth === 0 ? COLOURS.rootFill : compound ? COLOURS.compoundFill : COLOURS.atomicFill;
  const dashed = state.kind === 'history' ? ' stroke-dasharray="4 3"' : '';
  out.push(
    `<rect x="${n(x)}" y="${n(y)}" width="${n(width)}" height="${n(height)}" rx="8" fill="${fill}" stroke="${COLOURS.stroke}" stroke-width="1.3"${dashed}/>`,
  );
  if (state.kind === 'final') {
    out.push(
      `<rect x="${n(x + 3.5)}" y="${n(y + 3.5)}" width="${n(width - 7)}" height="${n(height - 7)}" rx="5" fill="none" stroke="${COLOURS.stroke}" stroke-width="1.1"/>`,
    );
  }
  const block = blocks.get(state.id);
  if (block) {
    if (block.ruleY !== null) {
      out.push(
        `<line x1="${n(x + PAD_X / 2)}" y1="${n(y + block.ruleY)}" x2="${n(x + block.width - PAD_X / 2)}" y2="${n(y + block.ruleY)}" stroke="${COLOURS.rule}" stroke-width="1"/>`,
      );
    }
    for (const line of block.lines) {
      const baseline = y + line.top + lineHeight(line.size) - line.size * 0.42;
      const colour =
        line.kind === 'title' ? COLOURS.title : line.kind === 'note' ? COLOURS.note : COLOURS.exit;
      const weight = line.kind === 'title' ? ' font-weight="bold"' : '';
      out.push(
        `<text x="${n(x + PAD_X)}" y="${n(baseline)}" font-size="${line.size}"${weight} fill="${colour}">${escapeXml(line.text)}</text>`,
      );
      if (line.aside) {
        out.push(
          `<text x="${n(x + block.width - PAD_X)}" y="${n(baseline)}" font-size="${line.size}" text-anchor="end" fill="${COLOURS.target}">${escapeXml(line.aside)}</text>`,
        );
      }
    }
    if (compound) {
      const ruleY = y + block.height;
      out.push(
        `<line x1="${n(x)}" y1="${n(ruleY)}" x2="${n(x + width)}" y2="${n(ruleY)}" stroke="${COLOURS.stroke}" stroke-width="0.6" stroke-opacity="0.45"/>`,
      );
    }
  }
  const byId = new Map((node.children ?? []).map((child) => [child.id, child]));
  const dot = byId.get(initialDotId(state));
  if (dot) {
    out.push(
      `<circle cx="${n((dot.x ?? 0) + INITIAL_DOT / 2)}" cy="${n((dot.y ?? 0) + INITIAL_DOT / 2)}" r="${n(INITIAL_DOT / 2)}" fill="${COLOURS.stroke}"/>`,
    );
  }
  for (const child of state.children) {
    const childNode = byId.get(child.id);
    if (childNode) drawState(childNode, child, depth + 1, blocks, out);
  }
}

function drawEdges(node: ElkNode, withArrowhead: ReadonlySet<string>, out: string[]) {
  for (const edge of node.edges ?? []) {
    const arrowhead = withArrowhead.has(edge.id) ? ' marker-end="url(#arrow)"' : '';
    for (const section of edge.sections ?? []) {
      const points = [section.startPoint, ...(section.bendPoints ?? []), section.endPoint];
      out.push(
        `<path d="${roundedPath(points)}" fill="none" stroke="${COLOURS.edge}" stroke-width="1.3"${arrowhead}/>`,
      );
    }
  }
  for (const child of node.children ?? []) drawEdges(child, withArrowhead, out);
}

/** Draws `machine` as a standalone SVG document. */
export async function statechartSvg(machine: MachineLike): Promise<string> {
  const root = readState(machine.root);
  const blocks = new Map<string, Block>();
  const { ports, pieces } = routeArrows(root);
  const starts = initialArrows(root, []);
  const withArrowhead = new Set([
    ...starts.map((start) => start.id),
    ...pieces.filter((piece) => piece.arrow).map((piece) => piece.id),
  ]);
  const graph: ElkNode = {
    id: '#graph',
    layoutOptions: { 'elk.padding': '[top=12,left=12,bottom=12,right=12]' },
    children: [elkNodeOf(root, `${machine.id} (machine)`, blocks, ports)],
    edges: [...starts, ...pieces.map(({ id, sources, targets }) => ({ id, sources, targets }))],
  };
  const laidOut = await new ELK().layout(graph, { layoutOptions: LAYOUT_OPTIONS });

  const states: string[] = [];
  const rootNode = laidOut.children?.[0];
  if (rootNode) drawState(rootNode, root, 0, blocks, states);
  const edges: string[] = [];
  drawEdges(laidOut, withArrowhead, edges);

  const width = n(laidOut.width ?? 0);
  const height = n(laidOut.height ?? 0);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${escapeXml(FONT_FAMILY)}" role="img" aria-label="${escapeXml(`Statechart of the ${machine.id} machine`)}">`,
    `<title>${escapeXml(`Statechart: ${machine.id}`)}</title>`,
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,1 L9,5 L0,9 z" fill="${COLOURS.stroke}"/></marker></defs>`,
    `<rect width="100%" height="100%" fill="${COLOURS.background}"/>`,
    ...states,
    ...edges,
    '</svg>',
    '',
  ].join('\n');
}

/** An orthogonal polyline with rounded corners, so a turn is told apart from two arrows crossing. */
function roundedPath(points: readonly { x: number; y: number }[]): string {
  const [first, ...rest] = points;
  if (!first) return '';
  const parts = [`M${n(first.x)},${n(first.y)}`];
  let previous = first;
  rest.forEach((corner, index) => {
    const next = rest[index + 1];
    if (!next) {
      parts.push(`L${n(corner.x)},${n(corner.y)}`);
      return;
    }
    const radius = Math.min(
      6,
      Math.hypot(corner.x - previous.x, corner.y - previous.y) / 2,
      Math.hypot(next.x - corner.x, next.y - corner.y) / 2,
    );
    const towards = (from: { x: number; y: number }) => {
      const length = Math.hypot(from.x - corner.x, from.y - corner.y) || 1;
      return {
        x: corner.x + ((from.x - corner.x) / length) * radius,
        y: corner.y + ((from.y - corner.y) / length) * radius,
      };
    };
    const before = towards(previous);
    const after = towards(next);
    parts.push(
      `L${n(before.x)},${n(before.y)}`,
      `Q${n(corner.x)},${n(corner.y)} ${n(after.x)},${n(after.y)}`,
    );
    previous = corner;
  });
  return parts.join(' ');
}

import type { FaultMode, FaultSpec, FaultTarget, FaultView } from './control-types';

const TARGETS: readonly FaultTarget[] = [
  'token',
  'graph',
  'mint',
  'revoke',
  'list',
  'show',
  'thumbnail',
  'all',
];
const MODES: readonly FaultMode[] = [
  'latency',
  'status',
  'rate-limit',
  'hang',
  'malformed',
  'reset-connection',
];

export class FaultSpecError extends Error {}

interface ActiveFault {
  id: number;
  spec: FaultSpec;
  remaining: number | null;
}

/** What to do to one request: wait `latencyMs`, then, if `terminal` is set, answer (or not) as it says. */
export interface FaultPlan {
  latencyMs: number;
  terminal: FaultSpec | null;
}

/**
 * The faults tests have switched on. Several can stack: every matching
 * latency fault adds up, and the first matching fault of any other mode
 * decides the answer (later ones are left for later requests).
 */
export class FaultRegistry {
  private faults: ActiveFault[] = [];
  private nextId = 1;
  private cleared = deferred();

  add(spec: FaultSpec): FaultView {
    const fault: ActiveFault = { id: this.nextId++, spec, remaining: spec.times ?? null };
    this.faults.push(fault);
    return view(fault);
  }

  list(): FaultView[] {
    return this.faults.map(view);
  }

  /** Removes every fault and lets hanging requests carry on. */
  clear(): number {
    const count = this.faults.length;
    this.faults = [];
    this.cleared.resolve();
    this.cleared = deferred();
    return count;
  }

  /** Settles at the next `clear()`: what a hanging request waits for. */
  whenCleared(): Promise<void> {
    return this.cleared.promise;
  }

  /** Picks (and uses up) the faults for a request that matches any of `targets` or `all`. */
  plan(targets: readonly FaultTarget[]): FaultPlan {
    const plan: FaultPlan = { latencyMs: 0, terminal: null };
    for (const fault of this.faults) {
      if (fault.spec.target !== 'all' && !targets.includes(fault.spec.target)) continue;
      if (fault.spec.mode === 'latency') {
        plan.latencyMs += fault.spec.latencyMs ?? 0;
      } else if (plan.terminal === null) {
        plan.terminal = fault.spec;
      } else {
        continue;
      }
      if (fault.remaining !== null) fault.remaining -= 1;
    }
    this.faults = this.faults.filter((f) => f.remaining === null || f.remaining > 0);
    return plan;
  }
}

/** Checks a control request body, with a message a test author can act on. */
export function parseFaultSpec(input: unknown): FaultSpec {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new FaultSpecError('a fault is a JSON object with at least "target" and "mode"');
  }
  const raw = input as Record<string, unknown>;
  const target = raw.target;
  const mode = raw.mode;
  if (typeof target !== 'string' || !(TARGETS as readonly string[]).includes(target)) {
    throw new FaultSpecError(`"target" must be one of ${TARGETS.join(', ')}`);
  }
  if (typeof mode !== 'string' || !(MODES as readonly string[]).includes(mode)) {
    throw new FaultSpecError(`"mode" must be one of ${MODES.join(', ')}`);
  }
  const spec: FaultSpec = { target: target as FaultTarget, mode: mode as FaultMode };
  const latencyMs = optionalInteger(raw, 'latencyMs', 0, 600_000);
  const status = optionalInteger(raw, 'status', 100, 599);
  const retryAfter = optionalInteger(raw, 'retryAfter', 0, 86_400);
  const times = optionalInteger(raw, 'times', 1, 1_000_000);
  if (mode === 'latency' && latencyMs === undefined)
    throw new FaultSpecError('a latency fault needs "latencyMs"');
  if (latencyMs !== undefined) spec.latencyMs = latencyMs;
  if (status !== undefined) spec.status = status;
  if (retryAfter !== undefined) spec.retryAfter = retryAfter;
  if (times !== undefined) spec.times = times;
  if (raw.body !== undefined) spec.body = raw.body;
  return spec;
}

function optionalInteger(
  raw: Record<string, unknown>,
  key: string,
  min: number,
  max: number
): number | undefined {
  const value = raw[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new FaultSpecError(`"${key}" must be an integer from ${min} to ${max}`);
  }
  return value;
}

function view(fault: ActiveFault): FaultView {
  return { ...fault.spec, id: fault.id, remaining: fault.remaining };
}

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
}

function deferred(): Deferred {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

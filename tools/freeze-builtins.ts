/**
 * Freezes the engine's built-ins the way a Moddable host does after
 * preload, so that code which writes to a built-in, or assigns a property
 * that a frozen prototype holds (`X.prototype.toString = ...` on a plain
 * object, `this.name = ...` on an Error), fails in the XS worker as it
 * would on the device. Runs in the worker before any other code.
 *
 * Every object reachable from the global object's properties is frozen:
 * constructors, prototypes, namespaces (Math, JSON, Reflect, Atomics), the
 * host's functions, and the intrinsics that have no global name (iterator,
 * generator and async prototypes, %TypedArray%, %ThrowTypeError%). The
 * global object itself stays open, as on the device. Nothing is tamed:
 * unlike SES `lockdown()`, data properties stay data properties, so the
 * "override mistake" throws here exactly as it does on Moddable.
 *
 * @returns how many objects were frozen
 */
export function freezeBuiltins(): number {
  const global = globalThis;
  const seen = new Set<unknown>([global]);
  const pending: object[] = [];
  const visit = (value: unknown): void => {
    if ((typeof value !== "object" || value === null) && typeof value !== "function") return;
    if (seen.has(value)) return;
    seen.add(value);
    pending.push(value as object);
  };
  for (const key of Reflect.ownKeys(global)) visitProperty(global, key, visit);
  for (const intrinsic of unnamedIntrinsics()) visit(intrinsic);
  let frozen = 0;
  while (pending.length > 0) {
    const object = pending.pop()!;
    visit(Reflect.getPrototypeOf(object));
    for (const key of Reflect.ownKeys(object)) visitProperty(object, key, visit);
    Object.freeze(object);
    frozen++;
  }
  return frozen;
}

function visitProperty(object: object, key: PropertyKey, visit: (value: unknown) => void): void {
  const descriptor = Reflect.getOwnPropertyDescriptor(object, key);
  if (!descriptor) return;
  visit(descriptor.value);
  visit(descriptor.get);
  visit(descriptor.set);
}

/** Intrinsics no global property leads to; their prototype chains lead to the rest. */
function unnamedIntrinsics(): unknown[] {
  const out: unknown[] = [
    Reflect.getPrototypeOf(function* () {}),
    Reflect.getPrototypeOf(async function () {}),
    Reflect.getPrototypeOf(async function* () {}),
    Reflect.getPrototypeOf([][Symbol.iterator]()),
    Reflect.getPrototypeOf(new Map()[Symbol.iterator]()),
    Reflect.getPrototypeOf(new Set()[Symbol.iterator]()),
    Reflect.getPrototypeOf(""[Symbol.iterator]()),
    Reflect.getPrototypeOf(/(?:)/g[Symbol.matchAll]("")),
    Reflect.getPrototypeOf(Uint8Array),
    (function () {
      return Reflect.getPrototypeOf(arguments);
    })(),
  ];
  // iterator helpers, where the engine has them
  const values = [][Symbol.iterator]() as unknown as { map?: (f: (x: unknown) => unknown) => object };
  if (typeof values.map === "function") out.push(Reflect.getPrototypeOf(values.map((x) => x)));
  return out;
}

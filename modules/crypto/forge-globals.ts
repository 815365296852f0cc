// node-forge looks for `self` (or `window`) when it loads, as in a browser;
// an XS machine has neither. Its global scope is the engine's.
const scope = globalThis as { self?: unknown };
scope.self ??= globalThis;
export {};

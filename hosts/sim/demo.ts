import type { KeypadKey } from "../../modules/core/keys.ts";
import type { Clock, Log } from "../../modules/core/ports.ts";
import type { Terminal, TerminalState } from "../../modules/terminal/terminal.ts";
import type { ScreenActions } from "./screen.ts";

/** How often the demo looks at the terminal's state, ms. */
const POLL_MS = 250;
/** The demo gives up on a sale after this long, ms. */
const LIMIT_MS = 120_000;

/**
 * A chip sale with an online PIN played on the simulator's own keypad
 * and slot, for a run with no one at the screen (`mcconfig ... demo=1`,
 * the heap figures of README.md): 25.00 keyed, the wallet's first card
 * (the DDA card, online PIN) inserted, the PIN keyed, the card taken out
 * when the outcome shows or when asked. Each state is answered once, as
 * a cardholder would; `sales` sales one after the other.
 */
export function runDemo(terminal: Terminal, actions: ScreenActions, o: { log: Log; clock: Clock; pin: string; sales: number }): void {
  const steps: Partial<Record<TerminalState, () => void>> = {
    idle: () => {
      // a card left in the slot by the last sale (its removal prompt timed out before a poll saw it)
      actions.remove();
      press(["2", "5", "0", "0"]);
    },
    amount: () => press(["ENTER"]),
    confirm: () => press(["ENTER"]),
    "present-card": () => actions.insert(),
    application: () => press(["1"]),
    pin: () => press([...(o.pin.split("") as KeypadKey[]), "ENTER"]),
    "remove-card": () => actions.remove(),
    // the cardholder takes the card when the outcome shows (a card left in keeps the virtual card alive in the heap)
    result: () => {
      actions.remove();
      press(["ENTER"]);
    },
  };
  let last: TerminalState | undefined;
  let left = false;
  let elapsed = 0;
  let salesLeft = o.sales;
  o.log.write(`demo: ${o.sales} chip sale(s) of 25.00 with the online-PIN card`);

  function press(keys: KeypadKey[]): void {
    for (const k of keys) actions.key(k);
  }

  function poll(): void {
    elapsed += POLL_MS;
    const s = terminal.state;
    if (s !== "idle") left = true;
    if (s === "idle" && left) {
      if (--salesLeft <= 0) return o.log.write("demo: done, the terminal is idle");
      left = false;
      last = undefined;
      elapsed = 0;
    }
    if (elapsed > LIMIT_MS) return o.log.write(`demo: gave up at ${s}`);
    if (s !== last) {
      last = s;
      steps[s]?.();
    }
    o.clock.set(poll, POLL_MS);
  }
  poll();
}

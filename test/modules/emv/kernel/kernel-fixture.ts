/**
 * Builders for the kernel's step tests: a transaction context as it
 * stands after final selection, with the card data a test gives, and a
 * card session over a transport.
 */
import { fromHex } from "../../../../modules/core/hex.ts";
import type { AidParameters, TerminalConfig } from "../../../../modules/config/types.ts";
import type { Crypto } from "../../../../modules/crypto/port.ts";
import type { ApduTransport } from "../../../../modules/iso7816/transport.ts";
import { CardSession } from "../../../../modules/emv/kernel/card-session.ts";
import { TransactionContext } from "../../../../modules/emv/kernel/context.ts";
import { KernelStop } from "../../../../modules/emv/kernel/stop.ts";
import type { EmvTransaction } from "../../../../modules/emv/kernel/transaction.ts";
import { aidEntry, kernelConfig } from "../../../support/emv-config.ts";
import { testCrypto } from "../../../support/crypto.ts";

export const PURCHASE: EmvTransaction = { type: "purchase", amount: 5000, date: "250615", time: "101500" };

export interface ContextOptions {
  config?: TerminalConfig;
  aid?: AidParameters;
  transaction?: Partial<EmvTransaction>;
  /** the card's data, tag → hex */
  card?: Record<string, string>;
  /** the AIP, hex */
  aip?: string;
  crypto?: Crypto;
}

/** A context as final selection leaves it, with the card data given (as if read). */
export function contextAfterSelection(options: ContextOptions = {}): TransactionContext {
  const aid = options.aid ?? aidEntry("A0000000041010");
  const config = options.config ?? kernelConfig([aid]);
  const ctx = new TransactionContext(config, { ...PURCHASE, ...options.transaction }, options.crypto ?? testCrypto());
  ctx.selected({ adfName: aid.aid, aid, found: 0 }, { dfName: aid.aid, proprietary: { tag: "A5", value: new Uint8Array(0), offset: 0, children: [] } });
  for (const [tag, value] of Object.entries(options.card ?? {})) ctx.card.set(tag, fromHex(value));
  if (options.aip) {
    ctx.aip = fromHex(options.aip);
    ctx.card.set("82", ctx.aip);
  }
  return ctx;
}

/** A card session over a transport, without a trace. */
export function session(transport: ApduTransport): CardSession {
  return new CardSession(transport);
}

/** How a step ended the transaction: `end-application:<reason>`, `card-removed` or `cancelled`; `undefined` when it ran to its end. */
export async function stopOf(step: () => unknown): Promise<string | undefined> {
  try {
    await step();
    return undefined;
  } catch (e) {
    if (!(e instanceof KernelStop)) throw e;
    return e.kind === "end-application" ? `end-application:${e.reason}` : e.kind;
  }
}

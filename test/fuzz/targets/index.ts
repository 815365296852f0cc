/**
 * Every parser the terminal exposes to the outside that runs on both
 * engines, one entry each: what a card, a stripe, a reader, the printer,
 * the acquirer, the modem or the terminal's configuration can send it. A
 * new parser is a new entry here (name, seeds from the tests' vectors, a
 * generator, the call, the exported functions it covers and, where an
 * encoder exists, the round trip with its documented canonical forms);
 * one that needs a Node library goes in node-only.ts instead. This file
 * is bundled for XS.
 */
import type { FuzzTarget } from "../harness.ts";
import { track } from "./card.ts";
import { emvConfig } from "./config.ts";
import { tlv, tlvTree } from "./emv.ts";
import { emvCardResponses } from "./emv-card.ts";
import { emvDol, emvFields, emvTlvJson } from "./emv-tools.ts";
import { iso87a, iso87b } from "./iso8583.ts";
import { apduResponse, atr, pps, t0, t1, t1Block } from "./iso7816.ts";
import { f2f, strobeBits } from "./magstripe.ts";
import { iso8583Mask, trackMask } from "./masking.ts";
import { modem } from "./modem.ts";
import { emvOda } from "./oda.ts";
import { escposTokens, printerStatus } from "./printer.ts";
import { uplinkChannel, uplinkFraming } from "./uplink.ts";

export const TARGETS: readonly FuzzTarget[] = [
  track,
  trackMask,
  f2f,
  strobeBits,
  atr,
  pps,
  t0,
  t1Block,
  t1,
  apduResponse,
  tlv,
  tlvTree,
  emvTlvJson,
  emvDol,
  emvFields,
  emvOda,
  emvCardResponses,
  emvConfig,
  iso87a,
  iso87b,
  iso8583Mask,
  uplinkFraming,
  uplinkChannel,
  modem,
  printerStatus,
  escposTokens,
];

/** The target of that name. */
export function targetNamed(name: string): FuzzTarget | undefined {
  return TARGETS.find((t) => t.name === name);
}

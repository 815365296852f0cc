import { tlvJson } from "../../../modules/emv/tlv-json.ts";
import { flag, type Args } from "../args.ts";
import type { LeafCommand } from "../command.ts";
import { hexInput } from "../input.ts";

/** Most bytes of BER-TLV taken: more than any record, GPO answer or DE55 (at most 255 bytes each). */
export const MAX_TLV_BYTES = 4096;

/**
 * `xspos tlv <hex>`: BER-TLV (EMV Book 3 Annex B) as a tree, each data
 * object with its name and format from the EMV dictionary.
 */
export const tlvCommand: LeafCommand = {
  name: "tlv",
  summary: "BER-TLV decoded as a tree with EMV tag names and formats",
  description:
    "BER-TLV (EMV Book 3 Annex B) decoded as a tree: each data object's tag,\n" +
    "name and format from the EMV dictionary, its length, its value in hex and,\n" +
    "for numeric and text formats, the value as read. Constructed objects hold\n" +
    "their children. Cardholder data (5A, 57, 56, 5F20, 9F1F, 9F20, 9F6B, 9F0B,\n" +
    "99) is masked unless --reveal.",
  options: [{ name: "reveal", kind: "flag", help: "show PAN, tracks and names in full" }],
  positionals: [{ name: "hex", kind: "hex", limit: MAX_TLV_BYTES, help: "the BER-TLV data, hex" }],
  run: (args: Args) => tlvJson(hexInput(args.positional[0], "<hex>"), { reveal: flag(args, "reveal") }),
};

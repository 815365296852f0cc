import { encodeTlvTree, type TlvInput } from "../../../modules/emv/tlv.ts";
import type { ApplicationProfile, CardProfile } from "./profile.ts";

/*
 * What SELECT answers (EMV 4.4 Book 1 §11.3.4, tables 43 to 45) and the
 * records of the Payment System Directory (Book 1 §12.2.3, table 47).
 */

/** The Payment System Environment's DF name. */
export const PSE_NAME = "1PAY.SYS.DDF01";
/** The contactless Proximity Payment System Environment's DF name. */
export const PPSE_NAME = "2PAY.SYS.DDF01";
/** The SFI of the directory elementary file the PSE's FCI names (tag 88). */
export const DIRECTORY_SFI = 1;

const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

/** Application Priority Indicator (87): b8 cardholder confirmation, b4-b1 the priority. */
function priorityIndicator(app: ApplicationProfile): Uint8Array | undefined {
  if (app.priority === undefined && !app.confirmation) return undefined;
  return Uint8Array.of((app.confirmation ? 0x80 : 0) | (app.priority ?? 0));
}

function optional(tag: string, value: Uint8Array | undefined): TlvInput[] {
  return value === undefined ? [] : [{ tag, value }];
}

/** The FCI of an application (Book 1 table 45): DF name, then the proprietary template A5. */
export function applicationFci(app: ApplicationProfile): Uint8Array {
  const proprietary: TlvInput[] = [
    { tag: "50", value: ascii(app.label) },
    ...optional("87", priorityIndicator(app)),
    ...optional("9F38", app.pdol),
    ...optional("5F2D", app.languagePreference === undefined ? undefined : ascii(app.languagePreference)),
    ...optional("9F11", app.issuerCodeTableIndex === undefined ? undefined : Uint8Array.of(app.issuerCodeTableIndex)),
    ...optional("9F12", app.preferredName === undefined ? undefined : ascii(app.preferredName)),
    ...optional("BF0C", app.fciIssuerDiscretionaryData),
  ];
  return encodeTlvTree([{ tag: "6F", children: [{ tag: "84", value: app.aid }, { tag: "A5", children: proprietary }] }]);
}

/** The FCI of the PSE (Book 1 table 43): the SFI of its directory. */
export function pseFci(card: CardProfile): Uint8Array {
  const proprietary: TlvInput[] = [
    { tag: "88", value: Uint8Array.of(DIRECTORY_SFI) },
    ...optional("5F2D", card.languagePreference === undefined ? undefined : ascii(card.languagePreference)),
  ];
  return encodeTlvTree([{ tag: "6F", children: [{ tag: "84", value: ascii(PSE_NAME) }, { tag: "A5", children: proprietary }] }]);
}

/** A directory entry (Book 1 table 47): ADF name, label, preferred name, priority. */
function directoryEntry(app: ApplicationProfile): TlvInput {
  return {
    tag: "61",
    children: [
      { tag: "4F", value: app.aid },
      { tag: "50", value: ascii(app.label) },
      ...optional("9F12", app.preferredName === undefined ? undefined : ascii(app.preferredName)),
      ...optional("87", priorityIndicator(app)),
    ],
  };
}

/** Record `n` of the PSE directory: one application's entry per record, in profile order. */
export function directoryRecord(app: ApplicationProfile): Uint8Array {
  return encodeTlvTree([{ tag: "70", children: [directoryEntry(app)] }]);
}

/** The FCI of the PPSE: every application's entry in its FCI Issuer Discretionary Data. */
export function ppseFci(card: CardProfile): Uint8Array {
  return encodeTlvTree([
    {
      tag: "6F",
      children: [
        { tag: "84", value: ascii(PPSE_NAME) },
        { tag: "A5", children: [{ tag: "BF0C", children: card.applications.map(directoryEntry) }] },
      ],
    },
  ]);
}

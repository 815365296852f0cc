import type { BenchCase } from "../case.ts";
import { MAGSTRIPE_CASES } from "./magstripe.ts";
import { PIN_CASES } from "./pin.ts";
import { ISO8583_CASES } from "./iso8583.ts";
import { ISO7816_CASES } from "./iso7816.ts";
import { JOURNAL_CASES } from "./journal.ts";
import { EMV_ODA_CASES } from "./emv-oda.ts";
import { RECEIPT_CASES } from "./receipt.ts";
import { EMV_KERNEL_CASES } from "./emv-kernel.ts";

/** Every benchmark case, in report order. */
export const CASES: BenchCase[] = [...MAGSTRIPE_CASES, ...PIN_CASES, ...ISO8583_CASES, ...ISO7816_CASES, ...JOURNAL_CASES, ...EMV_ODA_CASES, ...EMV_KERNEL_CASES, ...RECEIPT_CASES];
